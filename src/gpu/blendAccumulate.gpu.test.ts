/** Parity: shaders/blendAccumulate.wgsl vs src/tiling/blendTiles.ts accumulateTile (max |Δ| ≤ 1e-5). */
import { describe, expect, it } from 'vitest';
import { accumulateTile, tileWeights, type BlendMode } from '../tiling/blendTiles';
import { planTiles, type TileRect } from '../tiling/plan';
import { runBlendAccumulate, type BlendAccumulateOptions } from './blendAccumulate';
import { expectNoGpuError, getTestDevice, maxAbsDiff, randomF32, readF32, rng, uploadStorage } from './gpuTestUtils';

const gpu = await getTestDevice();
const TOL = 1e-5;

interface Case {
  width: number;
  height: number;
  rects: TileRect[];
  halo: number;
  mode: BlendMode;
  batch: number;
  seed: number;
  /** Start from non-zero sums, as after earlier batches. */
  prefilled?: boolean;
  options?: BlendAccumulateOptions;
}

async function check(c: Case) {
  const device = gpu.device!;
  const rand = rng(c.seed);
  const T = c.rects[0].size;
  const n = c.width * c.height;
  const weights = tileWeights(T, c.halo, c.mode);
  const logits = randomF32(c.rects.length * T * T, rand, -8, 8);
  const acc = c.prefilled ? randomF32(n, rand, 0, 2) : new Float32Array(n);
  const wsum = c.prefilled ? randomF32(n, rand, 0, 2) : new Float32Array(n);

  const accBuf = uploadStorage(device, acc, 'test acc');
  const wsumBuf = uploadStorage(device, wsum, 'test wsum');
  const weightBuf = uploadStorage(device, weights, 'test weights');
  await expectNoGpuError(device, () => {
    for (let start = 0; start < c.rects.length; start += c.batch) {
      const rects = c.rects.slice(start, start + c.batch);
      const batchLogits = uploadStorage(device, logits.subarray(start * T * T, (start + rects.length) * T * T), 'test logits');
      runBlendAccumulate(device, accBuf, wsumBuf, c.width, c.height, batchLogits, rects, weightBuf, c.options);
      batchLogits.destroy();
    }
  });
  const gotAcc = await readF32(device, accBuf, n);
  const gotWsum = await readF32(device, wsumBuf, n);
  for (const b of [accBuf, wsumBuf, weightBuf]) b.destroy();

  c.rects.forEach((r, k) => accumulateTile(acc, wsum, c.width, c.height, logits, k * T * T, r, weights));
  const dAcc = maxAbsDiff(gotAcc, acc);
  const dWsum = maxAbsDiff(gotWsum, wsum);
  expect(dAcc.max, `acc max |Δ| at pixel ${dAcc.at} (${gotAcc[dAcc.at]} vs ${acc[dAcc.at]})`).toBeLessThanOrEqual(TOL);
  expect(dWsum.max, `wsum max |Δ| at pixel ${dWsum.at} (${gotWsum[dWsum.at]} vs ${wsum[dWsum.at]})`).toBeLessThanOrEqual(TOL);
}

describe.skipIf(!gpu.device)(`blendAccumulate.wgsl parity ${gpu.tag}`, () => {
  it('1×1 image, crop weights', async () => {
    const plan = planTiles(1, 1, 8, 2, 8);
    await check({ width: 1, height: 1, rects: plan.tiles, halo: plan.halo, mode: 'crop', batch: 4, seed: 11 });
  });

  it('37×1001, taper weights, batches of 4 onto prefilled sums', async () => {
    const plan = planTiles(37, 1001, 64, 12, 16);
    await check({ width: 37, height: 1001, rects: plan.tiles, halo: plan.halo, mode: 'taper', batch: 4, seed: 12, prefilled: true });
  });

  it('513×2049, gaussian weights, batches of 8', async () => {
    const plan = planTiles(513, 2049, 128, 16, 16);
    expect(plan.tiles.length).toBeGreaterThan(100);
    await check({ width: 513, height: 2049, rects: plan.tiles, halo: plan.halo, mode: 'gaussian', batch: 8, seed: 13 });
  });

  it('image smaller than one tile, heavily overlapping and repeated tiles in one batch (no write races)', async () => {
    const rand = rng(14);
    const rects = Array.from({ length: 9 }, () => ({ x0: Math.floor(rand() * 26) - 12, y0: Math.floor(rand() * 20) - 10, size: 16 }));
    rects.push({ ...rects[0] }, { ...rects[0] });
    for (const mode of ['gaussian', 'crop', 'taper'] as const)
      await check({ width: 19, height: 13, rects, halo: 3, mode, batch: rects.length, seed: 15 });
  });

  it('tiles entirely outside the image change nothing', async () => {
    const rects = [{ x0: -40, y0: 0, size: 16 }, { x0: 0, y0: 50, size: 16 }];
    await check({ width: 20, height: 20, rects, halo: 2, mode: 'taper', batch: 2, seed: 16, prefilled: true });
  });

  it('splits the bounding box into row bands when acc/wsum exceed the binding limit', async () => {
    const plan = planTiles(37, 1001, 64, 12, 16);
    await check({ width: 37, height: 1001, rects: plan.tiles, halo: plan.halo, mode: 'gaussian', batch: 6, seed: 17, prefilled: true, options: { maxBindingBytes: 37 * 4 * 10 + 256 } });
  });
});
