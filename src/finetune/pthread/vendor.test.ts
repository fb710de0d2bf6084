import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pthreadSource } from './vendor';

describe('the vendored tfjs pthread worker', () => {
  it('is what vendor.ts writes from the installed tfjs-backend-wasm (re-run it after an upgrade)', () => {
    const src = pthreadSource();
    expect(readFileSync('src/finetune/pthread/tfjsPthread.js', 'utf8')).toBe(src);
    expect(src).toContain('importScripts(new URLSearchParams(self.location.search).get("main"));WasmBackendModuleThreadedSimd(Module)');
    expect(src).not.toContain('createObjectURL');
  });
});
