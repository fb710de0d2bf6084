/**
 * Seeded training crops with the U-Net paper's augmentation (Ronneberger et al. 2015), as training/augment.py
 * does it in its fine-tuning ("mild") setting: elastic deformation (random displacements on a coarse 3×3 grid,
 * σ px, smoothly interpolated to every pixel), flips and 90° rotations (exact), and contrast/brightness/gamma
 * jitter. Border pixels are mirrored, as at inference. Pure TypeScript on Float32Arrays: no tfjs, no DOM.
 * Differences from augment.py: the coarse grid is interpolated bilinearly (augment.py: bicubic) and there is
 * no arbitrary-angle rotation/scale (only the paper's list).
 */
import { createRng, type Rng } from '../synth/prng';

/** One normalised image with its 0/1 mask (row-major, width × height). */
export interface TrainPair {
  name: string;
  width: number;
  height: number;
  image: Float32Array;
  mask: Uint8Array;
}

export interface AugmentOptions {
  /** Elastic deformation σ in pixels (0: none). augment.py: 10, halved when fine-tuning. */
  elasticSigma: number;
  flips: boolean;
  /** Intensity jitter strength (0: none, 1: augment.py's full range; 0.5 its fine-tuning range). */
  intensity: number;
}

export const FINETUNE_AUGMENT: AugmentOptions = { elasticSigma: 5, flips: true, intensity: 0.5 };
export const NO_AUGMENT: AugmentOptions = { elasticSigma: 0, flips: false, intensity: 0 };

/** Human-readable summary for the model card. */
export function describeAugment(a: AugmentOptions): string {
  const parts = [];
  if (a.elasticSigma > 0) parts.push(`elastic deformation (3x3 grid, sigma ${a.elasticSigma} px)`);
  if (a.flips) parts.push('flips, 90-degree rotations');
  if (a.intensity > 0) parts.push(`brightness/contrast/gamma jitter (${a.intensity}x)`);
  return parts.join(', ') || 'none';
}

const reflect = (i: number, n: number): number => {
  if (n === 1) return 0;
  const p = 2 * (n - 1);
  i = ((i % p) + p) % p;
  return i < n ? i : p - i;
};

/** Bilinear sample of `a` (w×h) at real coordinates, mirrored at the borders. */
function sample(a: Float32Array | Uint8Array, w: number, h: number, y: number, x: number): number {
  const y0 = Math.floor(y), x0 = Math.floor(x);
  const fy = y - y0, fx = x - x0;
  const r0 = reflect(y0, h) * w, r1 = reflect(y0 + 1, h) * w;
  const c0 = reflect(x0, w), c1 = reflect(x0 + 1, w);
  return (a[r0 + c0] * (1 - fx) + a[r0 + c1] * fx) * (1 - fy) + (a[r1 + c0] * (1 - fx) + a[r1 + c1] * fx) * fy;
}

/** A crop×crop displacement field from a 3×3 grid of N(0, σ²) displacements, bilinearly interpolated. */
function elasticField(rng: Rng, crop: number, sigma: number): { dy: Float32Array; dx: Float32Array } {
  const gy = Array.from({ length: 9 }, () => rng.normal() * sigma);
  const gx = Array.from({ length: 9 }, () => rng.normal() * sigma);
  const dy = new Float32Array(crop * crop), dx = new Float32Array(crop * crop);
  const s = 2 / Math.max(1, crop - 1); // grid nodes at 0, crop/2, crop-1 (align_corners)
  for (let i = 0; i < crop; i++) {
    const u = i * s, iu = Math.min(1, Math.floor(u)), fu = u - iu;
    for (let j = 0; j < crop; j++) {
      const v = j * s, jv = Math.min(1, Math.floor(v)), fv = v - jv;
      const k = iu * 3 + jv;
      const lerp = (g: number[]) => (g[k] * (1 - fv) + g[k + 1] * fv) * (1 - fu) + (g[k + 3] * (1 - fv) + g[k + 4] * fv) * fu;
      dy[i * crop + j] = lerp(gy);
      dx[i * crop + j] = lerp(gx);
    }
  }
  return { dy, dx };
}

/**
 * One augmented crop of `pair` into x/y at `offset` (crop² values each): random position (images smaller than
 * the crop are mirrored), elastic deformation, random 90° rotation and flip, intensity jitter; y is 0/1.
 */
export function augmentedCrop(pair: TrainPair, crop: number, rng: Rng, a: AugmentOptions, x: Float32Array, y: Float32Array, offset: number): void {
  const { width: w, height: h } = pair;
  const oy = rng.int(0, Math.max(0, h - crop)), ox = rng.int(0, Math.max(0, w - crop));
  const field = a.elasticSigma > 0 ? elasticField(rng, crop, a.elasticSigma) : null;
  const rot = a.flips ? rng.int(0, 3) : 0;
  const flip = a.flips && rng.next() < 0.5;
  const k = a.intensity;
  const c = 1 + k * 0.5 * (rng.next() - 0.5);
  const br = k * 0.15 * (rng.next() - 0.5) * 2;
  const g = Math.exp(k * 0.3 * (rng.next() - 0.5) * 2);
  for (let i = 0; i < crop; i++)
    for (let j = 0; j < crop; j++) {
      // Output (i, j) reads the (rotated/flipped) source position (si, sj) of the crop.
      let si = i, sj = flip ? crop - 1 - j : j;
      for (let r = 0; r < rot; r++) [si, sj] = [sj, crop - 1 - si];
      const q = si * crop + sj;
      const sy = oy + si + (field ? field.dy[q] : 0), sx = ox + sj + (field ? field.dx[q] : 0);
      const v = field ? sample(pair.image, w, h, sy, sx) : pair.image[reflect(sy, h) * w + reflect(sx, w)];
      const m = field ? sample(pair.mask, w, h, sy, sx) : pair.mask[reflect(sy, h) * w + reflect(sx, w)];
      x[offset + i * crop + j] = k > 0 ? Math.pow(Math.max(v, 0), g) * c + br : v;
      y[offset + i * crop + j] = m > 0.5 ? 1 : 0;
    }
}

/** A batch of n augmented crops from randomly chosen pairs: x, y as n×crop×crop (NHWC with C = 1). */
export function augmentedBatch(pairs: readonly TrainPair[], n: number, crop: number, rng: Rng, a: AugmentOptions): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n * crop * crop), y = new Float32Array(n * crop * crop);
  for (let b = 0; b < n; b++) augmentedCrop(pairs[rng.int(0, pairs.length - 1)], crop, rng, a, x, y, b * crop * crop);
  return { x, y };
}

export { createRng };
