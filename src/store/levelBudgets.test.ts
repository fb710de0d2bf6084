import { describe, expect, it } from 'vitest';
import { levelBudgets } from './levelBudgets';

describe('levelBudgets', () => {
  const MB = 2 ** 20, tile = 256 * 256 * 2;
  it('keeps the coarse levels whole and gives the finest the rest (16384², uint16: all fit 48 MiB)', () => {
    const b = levelBudgets([{ width: 4096, height: 4096 }, { width: 2048, height: 2048 }, { width: 1024, height: 1024 }], 256, 2, 48 * MB);
    expect(b.slice(1)).toEqual([8 * MB, 2 * MB]);
    expect(b[0]).toBe(38 * MB); // ≥ its 32 MiB: nothing spills
  });
  it('at 40000×25000 the Fit levels stay whole, the finer ones keep their working set', () => {
    const sizes = [[10000, 6250], [5000, 3125], [2500, 1563], [1250, 782], [625, 391]].map(([width, height]) => ({ width, height }));
    const b = levelBudgets(sizes, 256, 2, 48 * MB);
    const whole = sizes.map((s) => Math.ceil(s.width / 256) * Math.ceil(s.height / 256) * tile);
    expect(b.slice(2)).toEqual(whole.slice(2)); // ÷16, ÷32, ÷64 resident
    expect(b[0]).toBe(2 * 40 * tile); // ÷4: two rows of tiles
    expect(b[1]).toBeLessThan(whole[1]);
    expect(b.reduce((a, v) => a + v, 0)).toBe(48 * MB);
  });
  it('raises a budget too small for the working sets to them', () => {
    const b = levelBudgets([{ width: 4096, height: 4096 }, { width: 2048, height: 2048 }], 256, 4, 1024);
    expect(b).toEqual([2 * 16 * 256 * 256 * 4, 2 * 8 * 256 * 256 * 4]);
  });
});
