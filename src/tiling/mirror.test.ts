import { describe, expect, it } from 'vitest';
import { mirrorIndex } from './mirror';

describe('mirrorIndex', () => {
  it('reflects without repeating the edge (numpy reflect), n = 4, i = -7..10', () => {
    // np.pad(np.arange(4), 7, mode='reflect')[:18]
    const want = [1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2];
    expect(want.map((_, k) => mirrorIndex(k - 7, 4))).toEqual(want);
  });
  it('matches a hand list', () => {
    expect([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7].map((i) => mirrorIndex(i, 5))).toEqual([3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1]);
    expect(mirrorIndex(-1, 10)).toBe(1);
    expect(mirrorIndex(10, 10)).toBe(8);
    expect(mirrorIndex(2, 2)).toBe(0);
    expect(mirrorIndex(-1, 2)).toBe(1);
  });
  it('n = 1 always maps to 0', () => {
    for (const i of [-5, -1, 0, 1, 7]) expect(mirrorIndex(i, 1)).toBe(0);
  });
});
