import { describe, expect, it } from 'vitest';
import { accumulateTile, finalizeBlend, tileWeights } from './blendTiles';
import { extractTile } from './extractTile';
import { planTiles } from './plan';
import { segmentTiled } from './segmentTiled';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** A "model" whose logit depends only on global image coordinates: any seam or offset error shows up. */
const f = (x: number, y: number) => Math.sin(x * 0.37) * 3 + Math.cos(y * 0.11) * 2 + ((x * 7 + y * 13) % 5) - 2;

describe('tileWeights', () => {
  it('crop is 1 exactly in the valid centre', () => {
    const w = tileWeights(16, 4, 'crop');
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 16; x++) expect(w[y * 16 + x]).toBe(x >= 4 && x < 12 && y >= 4 && y < 12 ? 1 : 0);
  });
  it('taper is 1 in the centre, positive and rising towards it in the halo', () => {
    const T = 32, h = 8;
    const w = tileWeights(T, h, 'taper');
    expect(Math.min(...w)).toBeGreaterThan(0);
    expect(w[16 * T + 16]).toBe(1);
    expect(w[h * T + h]).toBe(1);
    for (let x = 1; x <= h; x++) expect(w[16 * T + x]).toBeGreaterThan(w[16 * T + x - 1]);
    for (let i = 0; i < T; i++) expect(w[16 * T + i]).toBeCloseTo(w[16 * T + T - 1 - i], 7); // symmetric
    expect(tileWeights(16, 0, 'taper').every((v) => v === 1)).toBe(true);
  });
  it('gaussian peaks at the centre (σ = T/8), symmetric, clamped above 0', () => {
    const T = 64;
    const w = tileWeights(T, 8, 'gaussian');
    expect(Math.min(...w)).toBeGreaterThan(0);
    const c = 31 * T + 31;
    expect(w[c]).toBeGreaterThan(0.99);
    for (const v of w) expect(v).toBeLessThanOrEqual(w[c]);
    // one σ (8 px) from the centre along x: exp(-1/2) relative to the centre value
    const s = Math.exp(-((31 + 8 - 31.5) ** 2) / 128) / Math.exp(-(0.5 ** 2) / 128);
    expect(w[31 * T + 39] / w[c]).toBeCloseTo(s, 5);
    for (let i = 0; i < T; i++) expect(w[i * T + 5]).toBeCloseTo(w[(T - 1 - i) * T + (T - 1 - 5)], 7);
  });
});

describe('crop blending is seam-free', () => {
  for (const [W, H, T, h] of [[100, 77, 32, 6], [37, 1001, 64, 16], [5, 3, 32, 8], [130, 130, 48, 0]]) {
    it(`tiled equals untiled on ${W}×${H} (tile ${T}, halo ${h})`, async () => {
      const img = new Float32Array(W * H); // the input is irrelevant: the fake model reads the tile position
      let calls = 0;
      const plan = planTiles(W, H, T, h, 8);
      let k = 0;
      const infer = async (input: Float32Array, n: number, t: number) => {
        calls++;
        expect(input.length).toBe(n * t * t);
        const out = new Float32Array(n * t * t);
        for (let b = 0; b < n; b++, k++) {
          const r = plan.tiles[k];
          for (let y = 0; y < t; y++) for (let x = 0; x < t; x++) out[b * t * t + y * t + x] = f(r.x0 + x, r.y0 + y);
        }
        return out;
      };
      const progress: number[] = [];
      const res = await segmentTiled(img, W, H, { tile: T, halo: h, multiple: 8, blend: 'crop', batch: 3 }, infer, (d) => progress.push(d));
      expect(calls).toBe(Math.ceil(plan.tiles.length / 3));
      expect(progress[progress.length - 1]).toBe(plan.tiles.length);
      let maxErr = 0;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) maxErr = Math.max(maxErr, Math.abs(res.prob[y * W + x] - sigmoid(f(x, y))));
      expect(maxErr).toBeLessThanOrEqual(1e-6);
    });
  }

  it('gaussian and taper of a constant model give that constant everywhere', () => {
    for (const mode of ['gaussian', 'taper'] as const) {
      const W = 70, H = 45, plan = planTiles(W, H, 32, 8, 8);
      const acc = new Float32Array(W * H), ws = new Float32Array(W * H);
      const wts = tileWeights(plan.tile, plan.halo, mode);
      const logits = new Float32Array(plan.tile ** 2).fill(0.8);
      for (const r of plan.tiles) accumulateTile(acc, ws, W, H, logits, 0, r, wts);
      const p = finalizeBlend(acc, ws);
      for (const v of p) expect(v).toBeCloseTo(sigmoid(0.8), 5);
    }
  });

  it('finalizeBlend gives 0 where no weight arrived', () => {
    expect([...finalizeBlend(Float32Array.of(1, 0.5), Float32Array.of(2, 0))]).toEqual([0.5, 0]);
  });

  it('an identity model through extractTile reproduces the image inside the valid windows', async () => {
    const W = 50, H = 41;
    const img = Float32Array.from({ length: W * H }, (_, i) => ((i * 37) % 11) - 5);
    const res = await segmentTiled(img, W, H, { tile: 24, halo: 4, multiple: 8, blend: 'crop', batch: 4 }, async (x) => x);
    for (let i = 0; i < W * H; i++) expect(Math.abs(res.prob[i] - sigmoid(img[i]))).toBeLessThan(1e-6);
    const t = new Float32Array(24 * 24);
    extractTile(img, W, H, res.plan.tiles[0], t, 0);
    expect(t[4 * 24 + 4]).toBe(img[0]);
  });
});
