/** Shared test inputs for the tiling tests: a seeded image with structure and a deterministic fake network. */
import type { InferFn } from './segmentTiled';

/** Seeded LCG in [0, 1). */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A deterministic stand-in for a network with a 7×7 receptive field: logit = 4·(5×5 mean of the 3×3 max) − 2. */
export const fakeUnet: InferFn = async (input, n, T) => {
  const out = new Float32Array(n * T * T);
  const mx = new Float32Array(T * T);
  for (let k = 0; k < n; k++) {
    const o = k * T * T;
    for (let y = 0; y < T; y++)
      for (let x = 0; x < T; x++) {
        let m = -Infinity;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy >= 0 && yy < T && xx >= 0 && xx < T) m = Math.max(m, input[o + yy * T + xx]);
        }
        mx[y * T + x] = m;
      }
    for (let y = 0; y < T; y++)
      for (let x = 0; x < T; x++) {
        let s = 0;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy >= 0 && yy < T && xx >= 0 && xx < T) s += mx[yy * T + xx]; // zero padding, as a 'same' conv
        }
        out[o + y * T + x] = 4 * (s / 25) - 2;
      }
  }
  return out;
};

/** A 16-bit-like test image: smooth gradient, blobs and noise. */
export function testImage(w: number, h: number, seed = 1): Float32Array {
  const r = rng(seed);
  const img = new Float32Array(w * h);
  const blobs = Array.from({ length: 12 }, () => [r() * w, r() * h, 3 + r() * 12]);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 200 + 30 * (x / w) + 20 * (y / h) + r() * 40;
      for (const [bx, by, br] of blobs) if ((x - bx) ** 2 + (y - by) ** 2 < br * br) v += 900;
      img[y * w + x] = Math.round(v);
    }
  return img;
}
