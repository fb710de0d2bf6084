import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyParity } from './verifyOnnx';

const FIXTURES = 'src/test/fixtures';
const parityFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('-parity.json'));

describe('ONNX export matches PyTorch (onnxruntime-node)', () => {
  it('has at least the tiny fixture', () => {
    expect(parityFiles).toContain('tiny-unet-parity.json');
    expect(existsSync('public/models/fixture-tiny-unet.onnx')).toBe(true);
  });
  for (const f of parityFiles) {
    it(`${f}: max |onnx − torch| ≤ 1e-4`, async () => {
      const r = await verifyParity(join(FIXTURES, f), { tol: 1e-4 });
      expect(r.values).toBeGreaterThan(0);
      // a mismatch on a re-shipped model names the fixture as stale and says how to regenerate it
      expect(r.maxAbsDiff, r.stale).toBeLessThanOrEqual(1e-4);
    });
  }
});
