import { describe, expect, it } from 'vitest';
import { cropPlane } from '../io/openSource';
import { TileStore } from '../store/tileStore';
import { rng } from '../tiling/testImages';
import { labelComponents } from './components';
import { confusion } from './confusion';
import { tiledComponents } from './tiledComponents';
import { countForeground, tiledConfusion } from './tiledMetrics';

/** Random blobby mask: random pixels at `density`, then a 3×3 majority smoothing so objects span tiles. */
function randomMask(w: number, h: number, density: number, seed: number): Uint8Array {
  const r = rng(seed);
  const a = Uint8Array.from({ length: w * h }, () => (r() < density ? 1 : 0));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += a[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))];
      out[y * w + x] = s >= 4 ? 1 : 0;
    }
  return out;
}

function probStore(mask: Uint8Array, w: number, h: number, tileSize: number): TileStore {
  const s = new TileStore({ width: w, height: h, dtype: 'uint8', tileSize, budgetBytes: 3 * tileSize * tileSize });
  s.writeRegion({ x: 0, y: 0, width: w, height: h }, Uint8Array.from(mask, (m) => (m ? 200 : 60))); // 0.78 / 0.24
  return s;
}

/** Same partition: a bijection between the two labellings' object ids, background to background. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>(), ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((a[i] === 0) !== (b[i] === 0)) return false;
    if (ab.has(a[i]) ? ab.get(a[i]) !== b[i] : false) return false;
    if (ba.has(b[i]) ? ba.get(b[i]) !== a[i] : false) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

describe('tiledComponents', () => {
  for (const [w, h, T, density, conn] of [[97, 83, 16, 0.4, 8], [97, 83, 16, 0.45, 4], [120, 64, 7, 0.5, 8], [64, 64, 64, 0.4, 8], [50, 41, 5, 0.42, 8]] as const) {
    it(`equals whole-image labelComponents on random masks (${w}×${h}, tiles ${T}, density ${density}, ${conn}-connected)`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const mask = randomMask(w, h, density, seed * 31 + T);
        const ref = labelComponents(mask, w, h, conn);
        const prob = probStore(mask, w, h, T);
        const labels = new TileStore({ width: w, height: h, dtype: 'uint32', tileSize: T, budgetBytes: 2 * T * T * 4 });
        const got = tiledComponents(prob, 0.5, { connectivity: conn, labels });
        expect(got.count).toBe(ref.count);
        expect(ref.count).toBeGreaterThan(1);
        const l = labels.readRegion({ x: 0, y: 0, width: w, height: h });
        expect(samePartition(l, ref.labels)).toBe(true);
        expect(Math.max(...l)).toBe(ref.count);
      }
    });
  }

  it('merges an object that snakes across many tiles and their corners into one', () => {
    const w = 40, h = 40, mask = new Uint8Array(w * h);
    for (let i = 0; i < 40; i++) mask[i * w + i] = 1; // a diagonal line: 8-connected through every tile corner
    expect(tiledComponents(probStore(mask, w, h, 8), 0.5).count).toBe(1);
    expect(tiledComponents(probStore(mask, w, h, 8), 0.5, { connectivity: 4 }).count).toBe(40);
  });
});

describe('tiled pixel metrics', () => {
  it('foreground and confusion counts equal the whole-image ones', async () => {
    const w = 130, h = 77, mask = randomMask(w, h, 0.45, 3), truth = randomMask(w, h, 0.45, 4);
    const prob = probStore(mask, w, h, 32);
    expect(countForeground(prob, 0.5)).toBe(mask.reduce((s, v) => s + v, 0));
    const probF = Float32Array.from(mask, (m) => (m ? 200 / 255 : 60 / 255));
    const truthF = Float32Array.from(truth);
    const got = await tiledConfusion(prob, async (r) => cropPlane(truthF, w, h, r), 0.5);
    expect(got).toEqual(confusion(probF, truth, 0.5));
  });
});
