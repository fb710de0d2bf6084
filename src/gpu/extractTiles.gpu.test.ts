/** Parity: shaders/extractTiles.wgsl vs src/tiling/extractTile.ts + fixed normalisation (max |Δ| ≤ 1e-5). */
import { describe, expect, it } from 'vitest';
import { extractTile } from '../tiling/extractTile';
import { normalize } from '../tiling/normalize';
import { planTiles, type TileRect } from '../tiling/plan';
import { createBufferFrom } from './buffers';
import { runExtractTiles, type ExtractTilesOptions } from './extractTiles';
import { expectNoGpuError, getTestDevice, maxAbsDiff, randomF32, readF32, rng } from './gpuTestUtils';

const gpu = await getTestDevice();
const TOL = 1e-5;

async function check(width: number, height: number, rects: TileRect[], tile: number, seed: number, options: ExtractTilesOptions = {}) {
  const device = gpu.device!;
  const rand = rng(seed);
  const raw = randomF32(width * height, rand, 0, 1000);
  const scale = 1 / 997, offset = -0.37;
  // CPU: normalise the whole image (x·scale + offset), then cut mirror-filled tiles.
  const norm = normalize({ data: raw }, { kind: 'fixed', scale, offset });
  const expected = new Float32Array(rects.length * tile * tile);
  rects.forEach((r, k) => extractTile(norm, width, height, r, expected, k * tile * tile));

  const src = createBufferFrom(device, raw, GPUBufferUsage.STORAGE, 'test src');
  const out = await expectNoGpuError(device, () => runExtractTiles(device, src, width, height, rects, tile, scale, offset, options));
  const got = await readF32(device, out, expected.length);
  src.destroy();
  if (!options.out) out.destroy();
  const { max, at } = maxAbsDiff(got, expected);
  expect(max, `max |Δ| at element ${at} (${got[at]} vs ${expected[at]})`).toBeLessThanOrEqual(TOL);
}

describe.skipIf(!gpu.device)(`extractTiles.wgsl parity ${gpu.tag}`, () => {
  it('1×1 image: every tile pixel mirrors to the single pixel', async () => {
    await check(1, 1, [{ x0: -3, y0: -3, size: 8 }, { x0: 0, y0: 0, size: 8 }, { x0: 5, y0: -20, size: 8 }], 8, 1);
  });

  it('37×1001 with its overlap-tile plan (one column of tiles mirrored on both sides)', async () => {
    const plan = planTiles(37, 1001, 64, 8, 16);
    expect(plan.tiles.length).toBeGreaterThan(10);
    await check(37, 1001, plan.tiles, plan.tile, 2);
  });

  it('image smaller than one tile, tiles far outside (mirror is periodic)', async () => {
    const rects = [{ x0: -6, y0: -6 }, { x0: -40, y0: 17 }, { x0: 100, y0: -100 }, { x0: 2, y0: 1 }].map((r) => ({ ...r, size: 16 }));
    await check(5, 3, rects, 16, 3);
    await check(2, 7, rects, 16, 4);
  });

  it('random rects on an awkward image, written into a reused larger buffer', async () => {
    const rand = rng(5);
    const rects = Array.from({ length: 7 }, () => ({ x0: Math.floor(rand() * 280) - 60, y0: Math.floor(rand() * 210) - 60, size: 48 }));
    const device = gpu.device!;
    const out = device.createBuffer({ label: 'reused out', size: 9 * 48 * 48 * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    await check(203, 151, rects, 48, 6, { out });
    out.destroy();
  });

  it('splits a batch whose src rows exceed the binding limit into several dispatches', async () => {
    const plan = planTiles(37, 1001, 64, 8, 16);
    // Room for ~70 rows: each dispatch then covers one or two tiles (64 rows each, overlapping by 16).
    await check(37, 1001, plan.tiles, plan.tile, 7, { maxBindingBytes: 37 * 4 * 70 + 256 });
  });

  it('a production-sized batch (17 tiles of 512², > 65535 workgroups) dispatches in 2-D', async () => {
    const rand = rng(8);
    const rects = Array.from({ length: 17 }, () => ({ x0: Math.floor(rand() * 900) - 600, y0: Math.floor(rand() * 700) - 500, size: 512 }));
    expect(Math.ceil((17 * 512 * 512) / 64)).toBeGreaterThan(gpu.device!.limits.maxComputeWorkgroupsPerDimension);
    await check(301, 203, rects, 512, 9);
  });

  it('rejects rects of another size', () => {
    const device = gpu.device!;
    const src = createBufferFrom(device, new Float32Array(4), GPUBufferUsage.STORAGE, 'test src');
    expect(() => runExtractTiles(device, src, 2, 2, [{ x0: 0, y0: 0, size: 4 }], 8, 1, 0)).toThrow(/8×8/);
    src.destroy();
  });
});
