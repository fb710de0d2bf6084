/** Parity: shaders/blendFinalize.wgsl vs src/tiling/blendTiles.ts finalizeBlend (max |Δ| ≤ 1e-5) + display bytes. */
import { describe, expect, it } from 'vitest';
import { finalizeBlend } from '../tiling/blendTiles';
import { runBlendFinalize, type BlendFinalizeOptions } from './blendFinalize';
import { expectNoGpuError, getTestDevice, maxAbsDiff, readF32, readU8, rng, uploadStorage } from './gpuTestUtils';

const gpu = await getTestDevice();
const TOL = 1e-5;

/** Sums as blending leaves them: wsum ≥ 0 (a fifth exactly 0: no tile), acc = wsum·p with p ∈ [0, 1]. */
function sums(n: number, seed: number) {
  const rand = rng(seed);
  const acc = new Float32Array(n), wsum = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.2) continue;
    wsum[i] = 1e-6 + 3 * rand();
    const r = rand();
    acc[i] = wsum[i] * (r < 0.05 ? 0 : r > 0.95 ? 1 : rand());
  }
  return { acc, wsum };
}

async function check(n: number, seed: number, options: BlendFinalizeOptions = {}) {
  const device = gpu.device!;
  const { acc, wsum } = sums(n, seed);
  const accBuf = uploadStorage(device, acc, 'test acc');
  const wsumBuf = uploadStorage(device, wsum, 'test wsum');
  const { prob, bytes } = await expectNoGpuError(device, () => runBlendFinalize(device, accBuf, wsumBuf, n, options));
  const gotProb = await readF32(device, prob, n);
  const gotBytes = await readU8(device, bytes, n);
  for (const b of [accBuf, wsumBuf, prob, bytes]) b.destroy();

  const expected = finalizeBlend(acc, wsum);
  const d = maxAbsDiff(gotProb, expected);
  expect(d.max, `prob max |Δ| at ${d.at} (${gotProb[d.at]} vs ${expected[d.at]})`).toBeLessThanOrEqual(TOL);
  for (let i = 0; i < n; i++) {
    // Exactly the kernel's f32 rounding of its own prob: floor(255·p + 0.5), clamped; and within 1 of the CPU's.
    const exact = Math.min(255, Math.max(0, Math.floor(Math.fround(Math.fround(gotProb[i] * 255) + 0.5))));
    if (gotBytes[i] !== exact || Math.abs(gotBytes[i] - Math.round(255 * expected[i])) > 1)
      expect.fail(`byte ${i}: ${gotBytes[i]}, expected ${exact} (prob ${gotProb[i]}, CPU ${expected[i]})`);
  }
}

describe.skipIf(!gpu.device)(`blendFinalize.wgsl parity ${gpu.tag}`, () => {
  it('1×1 and 7 pixels (not a multiple of 4)', async () => {
    await check(1, 21);
    await check(7, 22);
  });

  it('37×1001', async () => {
    await check(37 * 1001, 23);
  });

  it('513×2049', async () => {
    await check(513 * 2049, 24);
  });

  it('chunks maps larger than the binding limit (37×1001 in 1024-pixel chunks)', async () => {
    await check(37 * 1001, 25, { maxBindingBytes: 4096 });
  });

  it('wsum = 0 gives prob 0 and byte 0; 255·0.5 = 127.5 rounds to 128', async () => {
    const device = gpu.device!;
    const acc = new Float32Array([0, 0.5, 1, 2, 5]);
    const wsum = new Float32Array([0, 1, 1, 2, 0]);
    const accBuf = uploadStorage(device, acc, 'acc'), wsumBuf = uploadStorage(device, wsum, 'wsum');
    const { prob, bytes } = runBlendFinalize(device, accBuf, wsumBuf, acc.length);
    expect(Array.from(await readF32(device, prob, acc.length))).toEqual([0, 0.5, 1, 1, 0]);
    expect(Array.from(await readU8(device, bytes, acc.length))).toEqual([0, 128, 255, 255, 0]);
    for (const x of [accBuf, wsumBuf, prob, bytes]) x.destroy();
  });
});
