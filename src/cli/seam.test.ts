/**
 * Seam test of the overlap-tile engine with the real em-unet (onnxruntime-node), issue #7:
 * - `crop` blending with a halo that covers the receptive field need equals whole-image inference to ≤ 1e-4;
 * - with a halo far too small, `gaussian` blending (σ = T/8) has a smaller seam error than `crop`.
 *
 * "Whole image" is one forward pass over the image mirror-padded by the halo, then cropped: the same border
 * context the tiles get. Tiles start at multiples of 16 (= 2^depth) in that padded frame, so the max-pooling
 * grids of tiles and whole image coincide, and the image side is a whole number of steps (no shifted last
 * tile). The U-Net's receptive field is 200 px (training/unet.py receptive_field(4)): a halo of 104 covers its
 * 100 px radius. Input: a crop of ISBI 2012 EM slice 20 (skipped when the data set is not on this machine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { mirrorIndex } from '../tiling/mirror';
import { normalize } from '../tiling/normalize';
import { segmentTiled } from '../tiling/segmentTiled';
import { findCard, loadManifest, openModel, runRaw, type ModelSession } from './nodeSession';

const slice = join(resolve(process.env.SEGSTUDIO_DATA ?? '../shared/datasets'), 'isbi2012_em/images/20.png');
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Mirror-pad a w×h image by p on every side. */
function mirrorPad(src: Float32Array, w: number, h: number, p: number): Float32Array {
  const W = w + 2 * p, H = h + 2 * p, out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = src[mirrorIndex(y - p, h) * w + mirrorIndex(x - p, w)];
  return out;
}

describe.skipIf(!existsSync(slice))('overlap-tile seams with em-unet', () => {
  let model: ModelSession;
  let img: Float32Array, side: number;
  beforeAll(async () => {
    model = await openModel(findCard(loadManifest(), 'em-unet'), 'public/models', { threads: 2 });
    const raster = await decodeImage(readFileSync(slice).buffer as ArrayBuffer, '20.png');
    const norm = normalize(raster, model.card.input.normalization);
    side = 448; // a 448² crop: 448 = 2·224 (small halo) and 144 ≤ 448 for the large one
    img = new Float32Array(side * side);
    for (let y = 0; y < side; y++) img.set(norm.subarray(y * raster.width, y * raster.width + side), y * side);
  }, 60_000);
  afterAll(async () => model?.release());

  /** Probability of one pass over the n×n top-left crop padded by `halo`, cropped back to n×n. */
  async function whole(n: number, halo: number): Promise<Float32Array> {
    const crop = new Float32Array(n * n);
    for (let y = 0; y < n; y++) crop.set(img.subarray(y * side, y * side + n), y * n);
    const P = n + 2 * halo;
    const { data } = await runRaw(model.session, mirrorPad(crop, n, n, halo), [1, 1, P, P]);
    const out = new Float32Array(n * n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = sigmoid(data[(y + halo) * P + x + halo]);
    return out;
  }

  async function tiled(n: number, tile: number, halo: number, blend: 'crop' | 'gaussian'): Promise<Float32Array> {
    const crop = new Float32Array(n * n);
    for (let y = 0; y < n; y++) crop.set(img.subarray(y * side, y * side + n), y * n);
    const r = await segmentTiled(crop, n, n, { tile, halo, multiple: 16, blend, batch: 4 }, model.infer);
    return r.prob;
  }

  it('crop with halo 104 ≥ receptive radius 100: tiled = whole image to ≤ 1e-4 (144², 3×3 tiles of 256)', async () => {
    const n = 144; // 3 steps of 256 − 2·104 = 48; padded frame 352 = 22·16
    const [t, w] = [await tiled(n, 256, 104, 'crop'), await whole(n, 104)];
    let max = 0;
    for (let i = 0; i < n * n; i++) max = Math.max(max, Math.abs(t[i] - w[i]));
    expect(max).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('halo 16 (far below the receptive radius): gaussian leaves a smaller seam than crop (448², 2×2 tiles)', async () => {
    const n = 448, seam = 224; // 2 steps of 256 − 32 = 224: valid windows meet at x = 224 and y = 224; padded 480 = 30·16
    const w = await whole(n, 16);
    /** Seam error: how much the step across the seam lines differs from whole-image inference's step there,
     * averaged over both seams (a seam-free result has the same step as the untiled one). */
    const seamError = async (blend: 'crop' | 'gaussian') => {
      const t = await tiled(n, 256, 16, blend);
      const at = (a: Float32Array, x: number, y: number) => a[y * n + x];
      let e = 0;
      for (let i = 0; i < n; i++) {
        e += Math.abs((at(t, seam, i) - at(t, seam - 1, i)) - (at(w, seam, i) - at(w, seam - 1, i)));
        e += Math.abs((at(t, i, seam) - at(t, i, seam - 1)) - (at(w, i, seam) - at(w, i, seam - 1)));
      }
      return e / (2 * n);
    };
    const crop = await seamError('crop'), gauss = await seamError('gaussian');
    expect(crop).toBeGreaterThan(1e-3); // the halo really is too small: crop shows a seam
    expect(gauss).toBeLessThan(crop / 2);
  }, 180_000);
});
