import { describe, expect, it } from 'vitest';
import { baseName, isMaskFile, pairFiles } from './pairing';

const f = (path: string) => ({ name: path.split('/').pop()!, path });

describe('pairFiles', () => {
  it('pairs same base names in a masks folder and leaves unpaired images without a mask', () => {
    const p = pairFiles([f('exp/images/a.tif'), f('exp/images/b.tif'), f('exp/masks/a.png'), f('exp/images/c.png')]);
    expect(p.items.map((i) => [i.image.name, i.mask?.path ?? null])).toEqual([
      ['a.tif', 'exp/masks/a.png'], ['b.tif', null], ['c.png', null],
    ]);
    expect(p.unmatchedMasks).toEqual([]);
  });
  it('pairs _mask / _gt / -labels suffixes in the same folder', () => {
    const p = pairFiles([f('x/cell1.tif'), f('x/cell1_mask.png'), f('x/cell2.png'), f('x/cell2_GT.tif'), f('x/cell3.jpg'), f('x/cell3-labels.tif')]);
    expect(p.items.map((i) => i.mask?.name)).toEqual(['cell1_mask.png', 'cell2_GT.tif', 'cell3-labels.tif']);
  });
  it('pairs the Cell Tracking Challenge layout (t013 ↔ man_seg013, numbers compared as numbers)', () => {
    const p = pairFiles([f('01/t000.tif'), f('01/t013.tif'), f('01_GT/SEG/man_seg013.tif'), f('01_GT/SEG/man_seg0999.tif')]);
    expect(p.items.map((i) => [i.image.name, i.mask?.name ?? null])).toEqual([['t000.tif', null], ['t013.tif', 'man_seg013.tif']]);
    expect(p.unmatchedMasks.map((m) => m.name)).toEqual(['man_seg0999.tif']);
  });
  it('skips non-images and sorts images by path', () => {
    const p = pairFiles([f('z.tif'), f('notes.txt'), f('a.png'), f('m/a.png')]);
    // "m/" is no mask folder, so m/a.png is a second image, not a.png's mask
    expect(p.items.map((i) => i.image.path)).toEqual(['a.png', 'm/a.png', 'z.tif']);
    expect(p.items.every((i) => !i.mask)).toBe(true);
    expect(p.skipped.map((s) => s.name)).toEqual(['notes.txt']);
  });
  it('baseName strips .ome.tif as one extension; isMaskFile sees folders and suffixes', () => {
    expect(baseName('s1.ome.tif')).toBe('s1');
    expect(baseName('a.b.png')).toBe('a.b');
    expect(isMaskFile(f('d/Masks/x.png'))).toBe(true);
    expect(isMaskFile(f('d/x_seg.png'))).toBe(true);
    expect(isMaskFile(f('d/x.png'))).toBe(false);
  });
});
