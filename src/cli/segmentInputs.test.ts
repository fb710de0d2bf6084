import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, indexMasks, maskFor, outputName } from './segmentInputs';

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'seg-in-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'x');
  }
  return root;
}

describe('segment inputs', () => {
  it('names outputs by the file name without its image extension', () => {
    expect(['a/20.png', 'x.ome.tif', 'y.OME.TIFF', 'z.jpeg', 'notes.txt', '.png'].map(outputName)).toEqual(['20', 'x', 'y', 'z', 'notes.txt', '.png']);
  });

  it('expands directories (image files only, not hidden, not recursive) and sorts everything by name', () => {
    const r = tree(['d/b.tif', 'd/a.png', 'd/notes.txt', 'd/.hidden.png', 'd/sub/c.png', 'e/0.jpg']);
    const items = expandInputs([join(r, 'e'), join(r, 'd')]);
    expect(items.map((i) => i.name)).toEqual(['0', 'a', 'b']);
    expect(items.every((i) => i.problem === undefined)).toBe(true);
  });

  it('keeps missing files and name clashes in the list, with their problem', () => {
    const r = tree(['d/a.png', 'e/a.tif']);
    const items = expandInputs([join(r, 'd'), join(r, 'e'), join(r, 'gone.png'), join(r, 'd', 'a.png')]);
    expect(items.map((i) => [i.name, i.problem])).toEqual([
      ['a', undefined],
      ['a', `its output name "a" is already taken by ${join(r, 'd', 'a.png')}`],
      ['gone', 'file not found'],
    ]);
  });

  it('refuses a directory without images', () => {
    const r = tree(['d/readme.md']);
    expect(() => expandInputs([join(r, 'd')])).toThrow(/no image files/);
  });

  it('pairs masks by output name', () => {
    const r = tree(['m/20.png', 'm/21.tif', 'm/x.txt']);
    expect([...indexMasks(join(r, 'm'))]).toEqual([['20', join(r, 'm', '20.png')], ['21', join(r, 'm', '21.tif')]]);
    expect(() => indexMasks(join(r, 'none'))).toThrow(/not a directory/);
  });

  it('pairs masks by the studio batch conventions: _mask/_gt suffixes and CTC man_seg numbers', () => {
    const r = tree(['m/a_mask.png', 'm/B_GT.tif', 'm/man_seg013.tif', 'm/c.png']);
    const masks = indexMasks(join(r, 'm'));
    expect(maskFor(masks, '/data/a.tif')).toBe(join(r, 'm', 'a_mask.png'));
    expect(maskFor(masks, 'x/b.png')).toBe(join(r, 'm', 'B_GT.tif'));
    expect(maskFor(masks, 'x/t13.tif')).toBe(join(r, 'm', 'man_seg013.tif'));
    expect(maskFor(masks, 'x/c.ome.tif')).toBe(join(r, 'm', 'c.png'));
    expect(maskFor(masks, 'x/d.png')).toBeUndefined();
    expect(maskFor(undefined, 'x/a.png')).toBeUndefined();
  });
});
