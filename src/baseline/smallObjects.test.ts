import { describe, expect, it } from 'vitest';
import { removeSmallObjects } from './smallObjects';

const grid = (rows: string[]) => Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0));

describe('removeSmallObjects', () => {
  const mask = grid([
    '#....##',
    '.#...##',
    '..#....',
    '.......',
    '....#..',
  ]);
  it('drops 8-connected components under minArea, keeping ones of exactly minArea', () => {
    // the diagonal (3 px, one object with 8-connectivity) and the 2×2 square stay; the single pixel goes
    const r = removeSmallObjects(mask, 7, 5, 3);
    expect(r).toMatchObject({ kept: 2, removed: 1 });
    expect(Array.from(r.mask)).toEqual(Array.from(grid(['#....##', '.#...##', '..#....', '.......', '.......'])));
  });
  it('keeps everything at minArea 0 or 1 and nothing above the largest object', () => {
    expect(removeSmallObjects(mask, 7, 5, 1)).toMatchObject({ kept: 3, removed: 0 });
    expect(removeSmallObjects(mask, 7, 5, 0).mask).toEqual(mask);
    expect(Array.from(removeSmallObjects(mask, 7, 5, 5).mask).every((v) => v === 0)).toBe(true);
  });
  it('does not change its input', () => {
    const copy = mask.slice();
    removeSmallObjects(mask, 7, 5, 4);
    expect(mask).toEqual(copy);
  });
});
