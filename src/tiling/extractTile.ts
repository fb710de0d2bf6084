import { mirrorIndex } from './mirror';
import type { TileRect } from './plan';

/**
 * Copy a size×size tile (row-major) from a width×height image into `out` at `outOffset`. Pixels outside the
 * image are mirror-filled (reflect without repeating the edge), the Ronneberger overlap-tile input rule.
 */
export function extractTile(src: Float32Array, width: number, height: number, rect: TileRect, out: Float32Array, outOffset: number): void {
  const T = rect.size;
  // Column map once per tile; the inner loop is then a gather (fast path: a straight copy when inside).
  const cols = new Int32Array(T);
  for (let x = 0; x < T; x++) cols[x] = mirrorIndex(rect.x0 + x, width);
  const inside = rect.x0 >= 0 && rect.x0 + T <= width;
  for (let y = 0; y < T; y++) {
    const row = mirrorIndex(rect.y0 + y, height) * width;
    const o = outOffset + y * T;
    if (inside) out.set(src.subarray(row + rect.x0, row + rect.x0 + T), o);
    else for (let x = 0; x < T; x++) out[o + x] = src[row + cols[x]];
  }
}
