/** Parity: shaders/confusion.wgsl vs src/metrics/confusion.ts (exact counts). */
import { describe, expect, it } from 'vitest';
import { confusion } from '../metrics/confusion';
import { f32AtLeast, runConfusion, uploadMask, type ConfusionOptions } from './confusion';
import { expectNoGpuError, getTestDevice, rng, uploadStorage } from './gpuTestUtils';

const gpu = await getTestDevice();

/** Thresholds that matter: the ends, and 0.3 / 0.7 whose float32 rounds up / down respectively. */
const THRESHOLDS = [0.5, 0.3, 0.7, 0, 1, -0.25, 1.5];

/** Random map with some pixels exactly at each threshold's float32 neighbours; gt bytes 0–3 (> 0 = foreground). */
function inputs(n: number, seed: number) {
  const rand = rng(seed);
  const specials = THRESHOLDS.flatMap((t) => [Math.fround(t), f32AtLeast(t), 0, 1]);
  const prob = new Float32Array(n), gt = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    prob[i] = rand() < 0.1 ? specials[Math.floor(rand() * specials.length)] : rand();
    gt[i] = rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 3);
  }
  return { prob, gt };
}

async function check(n: number, seed: number, options: ConfusionOptions = {}) {
  const device = gpu.device!;
  const { prob, gt } = inputs(n, seed);
  const probBuf = uploadStorage(device, prob, 'test prob');
  const gtBuf = uploadMask(device, gt);
  for (const t of THRESHOLDS) {
    const got = await expectNoGpuError(device, () => runConfusion(device, probBuf, gtBuf, n, t, options));
    expect(got, `n = ${n}, threshold ${t}`).toEqual(confusion(prob, gt, t));
  }
  probBuf.destroy();
  gtBuf.destroy();
}

describe.skipIf(!gpu.device)(`confusion.wgsl parity ${gpu.tag}`, () => {
  it('1 and 7 pixels (a partial gt word)', async () => {
    await check(1, 31);
    await check(7, 32);
  });

  it('37×1001', async () => {
    await check(37 * 1001, 33);
  });

  it('513×2049 (grid-stride: more words than invocations)', async () => {
    await check(513 * 2049, 34);
  });

  it('chunks maps larger than the binding limit (1024-pixel chunks)', async () => {
    await check(37 * 1001, 35, { maxBindingBytes: 4096 });
  });

  it('0 pixels: all counts 0', async () => {
    const device = gpu.device!;
    const b = uploadStorage(device, new Float32Array(1), 'p');
    expect(await runConfusion(device, b, b, 0, 0.5)).toEqual({ tp: 0, fp: 0, fn: 0, tn: 0 });
    b.destroy();
  });

  it('f32AtLeast is the smallest float32 ≥ t', () => {
    for (const t of [0.7, 0.3, 0.1, -0.7, 1e-50, -1e-50, 0, 1, Infinity]) {
      const f = f32AtLeast(t);
      expect(f).toBeGreaterThanOrEqual(t);
      expect(Math.fround(f)).toBe(f);
      if (f !== Math.fround(t)) expect(Math.fround(t)).toBeLessThan(t);
    }
  });
});
