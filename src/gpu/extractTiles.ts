/**
 * GPU tile extraction: N mirror-filled, normalised T×T tiles of a W×H image into one N×1×T×T tensor, the
 * onnxruntime-web input kept on the GPU (ARCHITECTURE.md data path). Kernel: shaders/extractTiles.wgsl;
 * CPU reference and fallback: src/tiling/extractTile.ts (+ x·scale + offset, src/tiling/normalize.ts).
 */
import code from '../../shaders/extractTiles.wgsl?raw';
import { StudioError } from '../errors';
import { mirrorIndex } from '../tiling/mirror';
import type { TileRect } from '../tiling/plan';
import { createBufferFrom } from './buffers';
import { checkBinding, grid2D, maxBindingBytes, rowWindow } from './dispatch';
import { kernel } from './kernel';

/** Mirrors `override WG` in shaders/extractTiles.wgsl (invocations per workgroup, 1-D). */
const WORKGROUP_SIZE = 64;

const extract = kernel('extractTiles', code, () => ({ WG: WORKGROUP_SIZE }));

export interface ExtractTilesOptions {
  /** Write into this buffer (≥ N·T²·4 bytes, STORAGE usage) instead of creating one, e.g. to reuse it per batch. */
  out?: GPUBuffer;
  /** Pretend the binding limit is this small (tests: exercises the split into several dispatches). */
  maxBindingBytes?: number;
}

/** Image rows [lo, hi] that a tile at y0 reads after mirroring (a tile far past a small image reads all rows). */
function rowsRead(y0: number, tile: number, height: number): [number, number] {
  if (y0 >= 0 && y0 + tile <= height) return [y0, y0 + tile - 1];
  let lo = height, hi = -1;
  for (let y = 0; y < tile && (lo > 0 || hi < height - 1); y++) {
    const r = mirrorIndex(y0 + y, height);
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  return [lo, hi];
}

/**
 * Extract `rects.length` tiles of `tile`×`tile` from `src` (W×H f32, row-major, STORAGE usage) into an
 * N×1×T×T f32 NCHW buffer: border pixels mirror-reflected (no edge repeat), values `x·scale + offset`.
 * Work is submitted to `device.queue`; the returned buffer (STORAGE | COPY_SRC | COPY_DST) belongs to the
 * caller. A batch whose src rows do not fit in one storage binding is split into several dispatches.
 * @throws StudioError 'internal' on inconsistent arguments, 'image-too-large' beyond the device's limits.
 */
export function runExtractTiles(
  device: GPUDevice, src: GPUBuffer, width: number, height: number, rects: TileRect[], tile: number,
  scale: number, offset: number, options: ExtractTilesOptions = {},
): GPUBuffer {
  const bad = (msg: string) => new StudioError('internal', `runExtractTiles: ${msg}`);
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1))
    throw bad(`image size must be positive integers, got ${width}×${height}`);
  if (!(Number.isInteger(tile) && tile >= 1)) throw bad(`tile must be a positive integer, got ${tile}`);
  if (src.size < width * height * 4) throw bad(`src holds ${src.size} bytes, a ${width}×${height} f32 image needs ${width * height * 4}`);
  const wrong = rects.find((r) => r.size !== tile || !Number.isInteger(r.x0) || !Number.isInteger(r.y0));
  if (wrong) throw bad(`every rect must be an integer-placed ${tile}×${tile} tile, got ${JSON.stringify(wrong)}`);

  const n = rects.length;
  const tileElems = tile * tile;
  const outBytes = Math.max(4, n * tileElems * 4);
  const limit = maxBindingBytes(device, options.maxBindingBytes);
  checkBinding(outBytes, maxBindingBytes(device), 'The tile batch', `Use fewer tiles per batch (at most ${Math.floor(maxBindingBytes(device) / (tileElems * 4))} of ${tile}×${tile}).`);
  const out = options.out ?? device.createBuffer({
    label: `extractTiles out ${n}×1×${tile}×${tile}`, size: outBytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  if (out.size < n * tileElems * 4) throw bad(`options.out holds ${out.size} bytes, ${n} tiles need ${n * tileElems * 4}`);
  if (n === 0) return out;

  // Greedy groups of consecutive tiles whose union of src rows fits in one binding (usually one group).
  const groups: { first: number; count: number; lo: number; hi: number }[] = [];
  for (let k = 0; k < n; k++) {
    const [lo, hi] = rowsRead(rects[k].y0, tile, height);
    const g = groups[groups.length - 1];
    if (g) {
      const ulo = Math.min(g.lo, lo), uhi = Math.max(g.hi, hi);
      if (rowWindow(device, width, ulo, uhi + 1).size <= limit) {
        g.count++; g.lo = ulo; g.hi = uhi;
        continue;
      }
    }
    checkBinding(rowWindow(device, width, lo, hi + 1).size, limit, `Tile ${k} (${tile} rows of ${width} pixels)`, 'The image is too wide for this GPU.');
    groups.push({ first: k, count: 1, lo, hi });
  }

  const rectData = new Int32Array(n * 2);
  rects.forEach((r, k) => { rectData[2 * k] = r.x0; rectData[2 * k + 1] = r.y0; });
  const rectBuffer = createBufferFrom(device, rectData, GPUBufferUsage.STORAGE, 'extractTiles rects');
  try {
    extract.dispatch(device, groups.map((g) => {
      const win = rowWindow(device, width, g.lo, g.hi + 1);
      const count = g.count * tileElems;
      const params = new ArrayBuffer(32);
      new Uint32Array(params, 0, 6).set([width, height, tile, count, g.first, win.base]);
      new Float32Array(params, 24, 2).set([scale, offset]);
      return {
        params,
        bindings: [{ buffer: src, offset: win.offset, size: win.size }, { buffer: rectBuffer }, { buffer: out, offset: 0, size: n * tileElems * 4 }],
        workgroups: grid2D(device, Math.ceil(count / WORKGROUP_SIZE), 'extractTiles'),
      };
    }), [rectBuffer]);
  } catch (e) {
    rectBuffer.destroy();
    throw e;
  }
  return out;
}
