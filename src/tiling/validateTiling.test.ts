import { describe, expect, it } from 'vitest';
import { planTiles } from './plan';
import { MAX_TILE, tilingProblem, type TilingChoice } from './validateTiling';

const ok = (tile: number, halo: number, blend: TilingChoice['blend'] = 'gaussian') => ({ tile, halo, blend });

describe('tilingProblem', () => {
  it('accepts the cards\' own tilings and other valid ones', () => {
    expect(tilingProblem(ok(256, 32), 16)).toBeNull();
    expect(tilingProblem(ok(64, 8), 4)).toBeNull();
    expect(tilingProblem(ok(32, 0, 'crop'), 4)).toBeNull();
    expect(tilingProblem(ok(32, 15, 'taper'), 4)).toBeNull();
    expect(tilingProblem(ok(MAX_TILE, 32), 16)).toBeNull();
  });

  it('rejects a tile that is not a positive multiple of the model\'s input multiple', () => {
    expect(tilingProblem(ok(250, 32), 16)).toMatch(/multiple of 16.*e\.g\. 256/);
    expect(tilingProblem(ok(0, 0), 16)).toMatch(/positive multiple of 16/);
    expect(tilingProblem(ok(-16, 0), 16)).toMatch(/positive multiple/);
    expect(tilingProblem(ok(NaN, 8), 4)).toMatch(/multiple of 4 .*e\.g\. 4\./);
    expect(tilingProblem(ok(64.5, 8), 4)).toMatch(/multiple of 4/);
    expect(tilingProblem(ok(MAX_TILE + 16, 8), 16)).toMatch(`at most ${MAX_TILE}`);
  });

  it('rejects a halo < 0, fractional, or ≥ tile/2', () => {
    expect(tilingProblem(ok(64, -1), 4)).toMatch(/≥ 0/);
    expect(tilingProblem(ok(64, 2.5), 4)).toMatch(/whole number/);
    expect(tilingProblem(ok(64, NaN), 4)).toMatch(/whole number/);
    expect(tilingProblem(ok(64, 32), 4)).toBe('Halo must be less than half the tile (< 32 for tile 64).');
    expect(tilingProblem(ok(64, 31), 4)).toBeNull();
  });

  it('rejects an unknown blend mode and lists the valid ones', () => {
    expect(tilingProblem({ tile: 64, halo: 8, blend: 'max' as TilingChoice['blend'] }, 4)).toBe('Blend must be one of: crop, taper, gaussian.');
  });

  it('agrees with planTiles: what it accepts plans, what it rejects for tile/halo planTiles refuses', () => {
    for (const tile of [0, 4, 6, 8, 12, 16, 30, 32])
      for (const halo of [-1, 0, 1, 3, 4, 7, 8, 15, 16]) {
        const problem = tilingProblem(ok(tile, halo), 4);
        const plans = (() => { try { planTiles(40, 30, tile, halo, 4); return true; } catch { return false; } })();
        expect(problem === null, `tile ${tile} halo ${halo}: ${problem}`).toBe(plans);
      }
  });
});
