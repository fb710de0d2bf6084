/**
 * Parity of the GPU-resident run (gpu/segmentTiledGpu.ts: extractTiles → ORT on a GPU buffer → blendAccumulate →
 * blendFinalize) with the CPU path (tiling/segmentTiled.ts) on the same input and the SAME WebGPU session of the
 * real fixture model (fixture-tiny-unet, public/models): probabilities within 1e-4. Both go through
 * worker/session.ts, the one module that imports onnxruntime-web.
 */
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { normalize } from '../tiling/normalize';
import { segmentTiled } from '../tiling/segmentTiled';
import { getCard } from '../worker/models';
import { getSession, infer, inferOnGpu, webgpuDevice } from '../worker/session';
import { getTestDevice, maxAbsDiff, randomF32, rng } from './gpuTestUtils';
import { gpuBatchFor, segmentTiledGpu } from './segmentTiledGpu';

const gpu = await getTestDevice(); // only to learn whether there is an adapter; the run uses ORT's device
const TOL = 1e-4;

/** A smooth random image (blobs on noise), so the model's output is not constant. */
function image(w: number, h: number, seed: number): Float32Array {
  const rand = rng(seed);
  const noise = randomF32(w * h, rand, 0, 0.2);
  const blobs = Array.from({ length: 6 }, () => [rand() * w, rand() * h, 4 + rand() * 8]);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (const [cx, cy, r] of blobs) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) noise[y * w + x] += 0.7;
  return noise;
}

describe.skipIf(!gpu.device)(`GPU-resident run vs CPU path, fixture-tiny-unet ${gpu.tag}`, () => {
  it('100×70 (6 tiles of 64, batches of 4 + 2 on the GPU, 8 on the CPU): max |Δprob| ≤ 1e-4', async () => {
    const card = await getCard('fixture-tiny-unet');
    const s = await getSession(card, 'webgpu');
    expect(s.info.backend, s.info.note).toBe('webgpu');
    const device = await webgpuDevice();
    expect(device, 'ORT exposes its GPUDevice after the first WebGPU session').toBeDefined();
    const [w, h] = [100, 70];
    const raw = image(w, h, 21);
    const norm = normalize({ data: raw }, card.input.normalization);
    const opts = { tile: card.tiling.tile, halo: card.tiling.halo, multiple: card.input.tileMultiple, blend: card.tiling.blend };

    const tCpu = performance.now();
    const cpu = await segmentTiled(norm, w, h, { ...opts, batch: 8 }, (x, n, T) => infer(s, x, n, T));
    const cpuMs = performance.now() - tCpu;
    const progress: number[] = [];
    const tGpu = performance.now();
    const res = await segmentTiledGpu(device!, norm, w, h, { ...opts, batch: 4 }, (input, n, T) => inferOnGpu(s, input, n, T), (done) => progress.push(done));
    const gpuMs = performance.now() - tGpu;
    try {
      expect(res.plan.tiles).toHaveLength(6);
      expect(res.batch).toBe(Math.min(4, gpuBatchFor(device!, 64, 4)));
      expect(progress).toEqual([4, 6]);
      const d = maxAbsDiff(res.prob, cpu.prob);
      expect(d.max, `max |Δ| at pixel ${d.at}: GPU ${res.prob[d.at]} vs CPU ${cpu.prob[d.at]}`).toBeLessThanOrEqual(TOL);
      expect(Math.max(...res.prob) - Math.min(...res.prob), 'the output is not flat').toBeGreaterThan(0.01);
      expect(res.inferenceMs).toBeGreaterThan(0);
      const per = (ms: number) => (ms / 6).toFixed(0);
      console.log(`max |Δprob| ${d.max.toExponential(2)}; per tile: GPU-resident ${per(gpuMs)} ms (session.run ${per(res.inferenceMs)}), ` +
        `CPU tiling/blend on the same WebGPU session ${per(cpuMs)} ms (session.run ${per(cpu.inferenceMs)})`);
    } finally {
      res.probBuffer.destroy();
    }
  });

  it('cancel before a batch stops the run with "cancelled"', async () => {
    const card = await getCard('fixture-tiny-unet');
    const s = await getSession(card, 'webgpu');
    const device = (await webgpuDevice())!;
    const norm = new Float32Array(100 * 70).fill(0.5);
    let calls = 0;
    const run = segmentTiledGpu(device, norm, 100, 70, { tile: 64, halo: 8, multiple: 4, blend: 'gaussian', batch: 2 },
      (input, n, T) => (calls++, inferOnGpu(s, input, n, T)), undefined, () => calls >= 1);
    await expect(run).rejects.toThrow(StudioError);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(1);
  });
});
