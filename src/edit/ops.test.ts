import { describe, expect, it } from 'vitest';
import { EditSession } from './editSession';
import { layerOf, picOf, recount } from './testPic';

const session = (rows: string[]) => new EditSession(layerOf(rows));

/** Apply, check the kept counts against a full rescan, return the picture. */
function after(s: EditSession, ...ops: Parameters<EditSession['apply']>[0][]) {
  let last;
  for (const op of ops) last = s.apply(op);
  expect({ foreground: last!.foregroundPixels, objects: last!.objects }).toEqual(recount(s.layer));
  return picOf(s.layer);
}

describe('edit ops on hand-made labels (tiles of 8² so every picture spans tile borders)', () => {
  it('brush extends the object it starts on; on background it makes a new object', () => {
    const s = session(['..........', '.11.......', '.11.......', '..........']);
    expect(after(s, { kind: 'brush', points: [2.5, 1.5, 6.5, 1.5], radius: 0.5 })).toEqual(['..........', '.111111...', '.11.......', '..........']);
    const c = s.apply({ kind: 'brush', points: [8.5, 3.5], radius: 0.5 });
    expect(picOf(s.layer)[3]).toBe('........2.');
    expect(c.objects).toBe(2);
  });

  it('eraser clears a stroke and lowers the foreground by exactly the erased pixels', () => {
    const s = session(['11111111111', '11111111111', '11111111111']);
    const c = s.apply({ kind: 'erase', points: [0, 1.5, 11, 1.5], radius: 0.5 });
    expect(picOf(s.layer)).toEqual(['11111111111', '...........', '11111111111']);
    expect(c.foregroundPixels).toBe(22);
    expect(c.changed).toBe(11);
    expect(c.objects).toBe(1); // erasing through an object leaves one (now disconnected) object
  });

  it('fill fills a 4-connected hole enclosed by one object, and refuses open or shared background', () => {
    const s = session([
      '..........',
      '.1111.222.',
      '.1..1.2.2.',
      '.1..1.2...',
      '.1111.222.',
      '..........',
    ]);
    expect(s.apply({ kind: 'fill', x: 2.5, y: 2.5 }).changed).toBe(4);
    expect(picOf(s.layer)[2]).toBe('.1111.2.2.');
    const open = s.apply({ kind: 'fill', x: 7.5, y: 2.5 }); // the hole of 2 leaks to the outside
    expect(open.changed).toBe(0);
    expect(open.note).toMatch(/not a hole/);
    expect(s.apply({ kind: 'fill', x: 1.5, y: 1.5 }).note).toMatch(/Click inside a hole/);
    const shared = session(['.......', '.11122.', '.1..2..', '.11222.', '.......']);
    expect(shared.apply({ kind: 'fill', x: 2.5, y: 2.5 }).note).toMatch(/single object/);
  });

  it('delete clears one object wherever its pixels are (also beyond the tile of the click)', () => {
    const s = session(['1111111111.2', '............', '1.........1.']);
    const c = s.apply({ kind: 'delete', x: 0.5, y: 0.5 });
    expect(picOf(s.layer)).toEqual(['...........2', '............', '............']);
    expect(c.objects).toBe(1);
    expect(s.apply({ kind: 'delete', x: 5.5, y: 1.5 }).note).toMatch(/no object/);
  });

  it('merge relabels the second object to the first: objects − 1', () => {
    const s = session(['11..22..33']);
    const c = s.apply({ kind: 'merge', ax: 0.5, ay: 0.5, bx: 8.5, by: 0.5 });
    expect(picOf(s.layer)).toEqual(['11..22..11']);
    expect(c.objects).toBe(2);
    expect(s.apply({ kind: 'merge', ax: 0.5, ay: 0.5, bx: 9.5, by: 0.5 }).note).toMatch(/already one/);
  });

  it('split cuts along the line; the two sides become two objects (largest keeps the label)', () => {
    const s = session([
      '..........',
      '.11111111.',
      '.11111111.',
      '.11111111.',
      '..........',
    ]);
    const c = s.apply({ kind: 'split', points: [3.5, 0.2, 3.5, 4.8] });
    expect(picOf(s.layer)).toEqual([
      '..........',
      '.22.11111.',
      '.22.11111.',
      '.22.11111.',
      '..........',
    ]);
    expect(c.objects).toBe(2);
  });

  it('a diagonal split cannot be crossed by 8-connectivity', () => {
    const s = session(['11111111', '11111111', '11111111', '11111111', '11111111', '11111111', '11111111', '11111111']);
    s.apply({ kind: 'split', points: [0.5, 7.5, 7.5, 0.5] });
    expect(recount(s.layer).objects).toBe(2);
  });

  it('draw fills a closed path as a new object, over what is there', () => {
    const s = session(['1111......', '1111......', '..........', '..........']);
    const c = s.apply({ kind: 'draw', points: [2, 0, 7, 0, 7, 3, 2, 3] });
    expect(picOf(s.layer)).toEqual(['1122222...', '1122222...', '..22222...', '..........']);
    expect(c.objects).toBe(2);
  });
});
