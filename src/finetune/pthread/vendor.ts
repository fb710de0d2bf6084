/**
 * Writes src/finetune/pthread/tfjsPthread.js from the installed @tensorflow/tfjs-backend-wasm (run after an
 * upgrade: `npx tsx src/finetune/pthread/vendor.ts`; src/finetune/pthread/vendor.test.ts fails when it is stale).
 * Also exports `pthreadSource()` for that test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ORIGINAL = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';
const PATCHED = 'importScripts(new URLSearchParams(self.location.search).get("main"));';

export function pthreadSource(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'), 'utf8'));
  const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
  if (!wasmWorkerContents.includes(ORIGINAL)) throw new Error(`tfjs-backend-wasm ${pkg.version}: its pthread worker changed; update vendor.ts`);
  return `// tfjs-backend-wasm ${pkg.version} pthread worker (wasm-out/tfjs-backend-wasm-threaded-simd.worker.js), written by
// src/finetune/pthread/vendor.ts — do not edit. Served as a file of the app (CSP worker-src/script-src 'self' refuse
// the blob: URLs tfjs makes), and it loads the threaded factory from ?main=URL (the original classic script)
// instead of tfjs' Blob of the bundled factory's toString(), which refers to names the bundler renamed.
${wasmWorkerContents.replace(ORIGINAL, PATCHED).replace(/\n/g, '\\n')}
`;
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) writeFileSync(new URL('./tfjsPthread.js', import.meta.url), pthreadSource());
