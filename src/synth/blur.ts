/**
 * Separable Gaussian blur for single-channel row-major images, with edges clamped (replicate border) so a cell at
 * the border is not darkened. Cost is O(w·h·(6σ+1)) per pass; the generator keeps σ ≤ ~4 and builds anything
 * smoother analytically (see `smoothField` in render.ts).
 */

/** Normalised 1-D Gaussian taps of radius ceil(3σ). */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + r] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Blur `src` (w×h) with a Gaussian of standard deviation `sigma` px; returns a new array. σ ≤ 0 copies. */
export function gaussianBlur(src: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (src.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${src.length}`);
  if (!(sigma > 0)) return src.slice();
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  // Two horizontal passes, each writing its result transposed: the second pass is the vertical blur and its
  // transposed output is back in row-major order. Rows are copied into a border-replicated scratch line so the
  // inner loop has no bounds checks, and the symmetric kernel is folded (k[r-i] = k[r+i]) to halve the multiplies.
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  blurRowsTransposed(src, tmp, width, height, k, r);
  blurRowsTransposed(tmp, out, height, width, k, r);
  return out;
}

/** Blur each of the `h` rows of length `w` in `src`; write row y, column x to dst[x*h + y]. */
function blurRowsTransposed(src: Float32Array, dst: Float32Array, w: number, h: number, k: Float32Array, r: number): void {
  const line = new Float32Array(w + 2 * r);
  const kc = k[r];
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const first = src[row];
    const last = src[row + w - 1];
    for (let i = 0; i < r; i++) {
      line[i] = first;
      line[w + r + i] = last;
    }
    line.set(src.subarray(row, row + w), r);
    for (let x = 0; x < w; x++) {
      const c = x + r;
      let acc = kc * line[c];
      for (let i = 1; i <= r; i++) acc += k[r + i] * (line[c - i] + line[c + i]);
      dst[x * h + y] = acc;
    }
  }
}
