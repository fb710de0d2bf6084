/**
 * Whole GPU blend path against closed forms (ARCHITECTURE.md "Overlap-tile, precisely"):
 * - seam test: with crop weights, tiles whose logits are a function of global coordinates blend (accumulate +
 *   finalize) to exactly that function's sigmoid at every pixel — no seams, no gaps, no double counting;
 * - chain test: extractTiles → identity "model" → accumulate → finalize equals the CPU segmentTiled.
 */
import { describe, expect, it } from 'vitest';
import { tileWeights, type BlendMode } from '../tiling/blendTiles';
import { normalize } from '../tiling/normalize';
import { planTiles } from '../tiling/plan';
import { segmentTiled } from '../tiling/segmentTiled';
import { runBlendAccumulate } from './blendAccumulate';
import { runBlendFinalize } from './blendFinalize';
import { createBufferFrom } from './buffers';
import { runExtractTiles } from './extractTiles';
import { expectNoGpuError, getTestDevice, maxAbsDiff, randomF32, readF32, rng, uploadStorage } from './gpuTestUtils';

const gpu = await getTestDevice();
const TOL = 1e-5;

/** Smooth logits over global pixel coordinates, spanning about ±6. */
const f = (x: number, y: number) => 4 * Math.sin(0.11 * x + 0.3) * Math.cos(0.07 * y) + 0.01 * (x - y);
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function zeroed(device: GPUDevice, n: number, label: string) {
  return device.createBuffer({ label, size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
}

describe.skipIf(!gpu.device)(`blend seams and the GPU chain ${gpu.tag}`, () => {
  for (const [width, height, tile, halo] of [[157, 203, 32, 6], [1, 1, 16, 4], [37, 1001, 64, 12], [9, 5, 32, 6]]) {
    it(`crop weights: tiled = direct sigmoid(f(x, y)) on ${width}×${height}, tile ${tile}, halo ${halo}`, async () => {
      const device = gpu.device!;
      const plan = planTiles(width, height, tile, halo, 8);
      const T = plan.tile, n = width * height, batch = 5;
      const acc = zeroed(device, n, 'acc'), wsum = zeroed(device, n, 'wsum');
      const weights = uploadStorage(device, tileWeights(T, plan.halo, 'crop'), 'crop weights');
      const { prob } = await expectNoGpuError(device, () => {
        for (let s = 0; s < plan.tiles.length; s += batch) {
          const rects = plan.tiles.slice(s, s + batch);
          const logits = new Float32Array(rects.length * T * T);
          rects.forEach((r, k) => {
            for (let ty = 0; ty < T; ty++) for (let tx = 0; tx < T; tx++) logits[(k * T + ty) * T + tx] = f(r.x0 + tx, r.y0 + ty);
          });
          const buf = uploadStorage(device, logits, 'tile logits');
          runBlendAccumulate(device, acc, wsum, width, height, buf, rects, weights);
          buf.destroy();
        }
        return runBlendFinalize(device, acc, wsum, n);
      });
      const got = await readF32(device, prob, n);
      const expected = new Float64Array(n);
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) expected[y * width + x] = sigmoid(Math.fround(f(x, y)));
      const d = maxAbsDiff(got, expected);
      expect(d.max, `max |Δ| at (${d.at % width}, ${Math.floor(d.at / width)})`).toBeLessThanOrEqual(TOL);
      for (const b of [acc, wsum, weights, prob]) b.destroy();
    });
  }

  for (const blend of ['crop', 'taper', 'gaussian'] as BlendMode[]) {
    it(`extract → identity model → blend equals CPU segmentTiled (${blend}, 61×45, tile 32)`, async () => {
      const device = gpu.device!;
      const width = 61, height = 45, n = width * height, scale = 1 / 200, offset = -0.6;
      const raw = randomF32(n, rng(41), 0, 255);
      const opts = { tile: 32, halo: 6, multiple: 8, blend, batch: 3 };
      const norm = normalize({ data: raw }, { kind: 'fixed', scale, offset });
      const cpu = await segmentTiled(norm, width, height, opts, async (input) => input);

      const plan = planTiles(width, height, opts.tile, opts.halo, opts.multiple);
      const src = createBufferFrom(device, raw, GPUBufferUsage.STORAGE, 'raw image');
      const acc = zeroed(device, n, 'acc'), wsum = zeroed(device, n, 'wsum');
      const weights = uploadStorage(device, tileWeights(plan.tile, plan.halo, blend), 'weights');
      const { prob } = await expectNoGpuError(device, () => {
        for (let s = 0; s < plan.tiles.length; s += opts.batch) {
          const rects = plan.tiles.slice(s, s + opts.batch);
          const input = runExtractTiles(device, src, width, height, rects, plan.tile, scale, offset);
          runBlendAccumulate(device, acc, wsum, width, height, input, rects, weights); // logits = input
          input.destroy();
        }
        return runBlendFinalize(device, acc, wsum, n);
      });
      const got = await readF32(device, prob, n);
      const d = maxAbsDiff(got, cpu.prob);
      expect(d.max, `max |Δ| at ${d.at}`).toBeLessThanOrEqual(TOL);
      for (const b of [src, acc, wsum, weights, prob]) b.destroy();
    });
  }
});
