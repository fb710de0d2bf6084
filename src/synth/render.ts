/**
 * Image formation for the three synthetic modalities. Each renderer takes an exact placement (labels + normalised
 * radius) and returns float intensities in camera-like units; the labels are never changed here, so the masks
 * stay exact. Optics are crude on purpose — enough that a model must learn halos, relief shading and blur:
 * - phase: dark bodies and a bright halo just outside the boundary (Zernike phase contrast "halo artefact").
 * - dic: derivative of a smooth optical-path (height) map along a shear direction (Nomarski DIC relief), so cells
 *   have about the background mean and only edges carry contrast.
 * - nuclei: widefield fluorescence; emitted intensity blurred by a Gaussian PSF on a dark offset, shot noise.
 */
import { gaussianBlur } from './blur';
import type { Placement } from './shapes';
import type { Rng } from './prng';

/**
 * Low-frequency field in about [-1, 1]: a few plane waves (≤ 1.5 cycles per image) plus a vignette. Built
 * analytically because a Gaussian blur that wide would cost more than the rest of the image.
 */
export function smoothField(width: number, height: number, rng: Rng, waves = 4): Float32Array {
  const out = new Float32Array(width * height);
  const L = Math.max(width, height);
  const colC = new Float32Array(width);
  const colS = new Float32Array(width);
  const rowC = new Float32Array(height);
  const rowS = new Float32Array(height);
  let total = 0;
  for (let w = 0; w < waves; w++) {
    const amp = rng.uniform(0.3, 1);
    total += amp;
    const ang = rng.uniform(0, 2 * Math.PI);
    const cyc = rng.uniform(0.3, 1.5);
    const fx = (2 * Math.PI * cyc * Math.cos(ang)) / L;
    const fy = (2 * Math.PI * cyc * Math.sin(ang)) / L;
    const ph = rng.uniform(0, 2 * Math.PI);
    // cos(fx·x + fy·y + ph) = cos(fx·x)cos(fy·y + ph) − sin(fx·x)sin(fy·y + ph): separable, two products a pixel.
    for (let x = 0; x < width; x++) { colC[x] = Math.cos(fx * x); colS[x] = Math.sin(fx * x); }
    for (let y = 0; y < height; y++) { rowC[y] = amp * Math.cos(fy * y + ph); rowS[y] = amp * Math.sin(fy * y + ph); }
    for (let y = 0; y < height; y++) {
      const o = y * width;
      const rc = rowC[y];
      const rs = rowS[y];
      for (let x = 0; x < width; x++) out[o + x] += colC[x] * rc - colS[x] * rs;
    }
  }
  const vig = rng.uniform(0.2, 0.6);
  const cx = rng.uniform(0.3, 0.7) * width;
  const cy = rng.uniform(0.3, 0.7) * height;
  const r2 = (L * L) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / r2;
      out[i] = 0.7 * (out[i] / total) - vig * (d2 - 0.3);
    }
  }
  return out;
}

/** Unit-variance correlated noise (white noise blurred with σ, rescaled). */
export function textureField(width: number, height: number, rng: Rng, sigma: number): Float32Array {
  const white = new Float32Array(width * height);
  for (let i = 0; i < white.length; i++) white[i] = rng.normal();
  const t = gaussianBlur(white, width, height, sigma);
  let s2 = 0;
  for (let i = 0; i < t.length; i++) s2 += t[i] * t[i];
  const inv = 1 / Math.sqrt(s2 / t.length || 1);
  for (let i = 0; i < t.length; i++) t[i] *= inv;
  return t;
}

/** Add shot noise (Gaussian approximation of Poisson: variance = value/gain) and read noise, then clamp. */
function addNoise(img: Float32Array, rng: Rng, gain: number, read: number, max: number): void {
  for (let i = 0; i < img.length; i++) {
    const v = img[i] > 0 ? img[i] : 0;
    // Sum of two independent Gaussians = one Gaussian with the summed variance.
    const n = v + Math.sqrt(v / gain + read * read) * rng.normal();
    img[i] = n < 0 ? 0 : n > max ? max : n;
  }
}

/** Per-label values drawn once per cell, indexed by label (index 0 = background, unused). */
function perCell(n: number, draw: () => number): Float32Array {
  const v = new Float32Array(n + 1);
  for (let k = 1; k <= n; k++) v[k] = draw();
  return v;
}

/** Phase contrast, 8-bit-like range (0–255). */
export function renderPhase(p: Placement, width: number, height: number, rng: Rng): Float32Array {
  const n = width * height;
  const dark = perCell(p.shapes.length, () => rng.uniform(0.3, 0.55));
  const mask = new Float32Array(n);
  const body = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const l = p.labels[i];
    if (l) {
      mask[i] = 1;
      // Slightly darker towards the middle, where the cell is thickest.
      body[i] = dark[l] * (0.8 + 0.2 * Math.sqrt(1 - p.radial[i] * p.radial[i]));
    }
  }
  const soft = gaussianBlur(mask, width, height, 0.8);
  const bodyS = gaussianBlur(body, width, height, 0.8);
  const haloSigma = rng.uniform(2.2, 3.2);
  const halo = gaussianBlur(mask, width, height, haloSigma);
  const haloGain = rng.uniform(0.9, 1.4);
  const tex = textureField(width, height, rng, 1.2);
  const illum = smoothField(width, height, rng);
  const level = rng.uniform(100, 130);
  const img = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const bg = level * (1 + 0.15 * illum[i]);
    const haloTerm = halo[i] * (1 - soft[i]) * haloGain;
    img[i] = bg * (1 - bodyS[i] + haloTerm + 0.08 * tex[i] * soft[i] + 0.015 * tex[i]);
  }
  addNoise(img, rng, 1.2, 1.5, 255);
  return img;
}

/** DIC relief, 8-bit-like range (0–255), mid-grey background. */
export function renderDic(p: Placement, width: number, height: number, rng: Rng): Float32Array {
  const n = width * height;
  const h = perCell(p.shapes.length, () => rng.uniform(6, 14));
  const tex = textureField(width, height, rng, 1.5);
  const hmap = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const l = p.labels[i];
    if (l) {
      const t = p.radial[i];
      hmap[i] = h[l] * (Math.sqrt(1 - t * t) * (1 + 0.12 * tex[i]));
    }
  }
  const hs = gaussianBlur(hmap, width, height, 1.2);
  const shear = rng.uniform(0, 2 * Math.PI);
  const cs = Math.cos(shear);
  const sn = Math.sin(shear);
  const gain = rng.uniform(14, 22);
  const illum = smoothField(width, height, rng);
  const level = rng.uniform(115, 140);
  const img = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    const ym = y > 0 ? y - 1 : 0;
    const yp = y < height - 1 ? y + 1 : y;
    for (let x = 0; x < width; x++) {
      const xm = x > 0 ? x - 1 : 0;
      const xp = x < width - 1 ? x + 1 : x;
      const gx = (hs[y * width + xp] - hs[y * width + xm]) / (xp - xm || 1);
      const gy = (hs[yp * width + x] - hs[ym * width + x]) / (yp - ym || 1);
      const i = y * width + x;
      img[i] = level * (1 + 0.08 * illum[i]) + gain * (gx * cs + gy * sn);
    }
  }
  addNoise(img, rng, 2, 2, 255);
  return img;
}

/** Widefield nuclear fluorescence, 12-bit-like range (camera offset ~100, nuclei up to a few thousand). */
export function renderNuclei(p: Placement, width: number, height: number, rng: Rng): Float32Array {
  const n = width * height;
  // Log-normal brightness: most nuclei mid-bright, a few dim or very bright.
  const bright = perCell(p.shapes.length, () => Math.min(3500, Math.max(150, 700 * Math.exp(0.55 * rng.normal()))));
  const tex = textureField(width, height, rng, 1.0);
  const emit = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const l = p.labels[i];
    if (l) {
      const t = p.radial[i];
      emit[i] = bright[l] * (0.75 + 0.25 * Math.sqrt(1 - t * t)) * Math.max(0.2, 1 + 0.18 * tex[i]);
    }
  }
  const psf = gaussianBlur(emit, width, height, rng.uniform(0.9, 1.4));
  const illum = smoothField(width, height, rng);
  const offset = rng.uniform(90, 110);
  const auto = rng.uniform(15, 40);
  const img = new Float32Array(n);
  for (let i = 0; i < n; i++) img[i] = offset + auto * (1 + 0.4 * illum[i]) + psf[i] * (1 + 0.1 * illum[i]);
  addNoise(img, rng, 1, 3, 65535);
  return img;
}
