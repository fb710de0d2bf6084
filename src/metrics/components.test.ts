import { describe, expect, it } from 'vitest';
import { labelComponents } from './components';

/** Parse a picture: '#' foreground, '.' background, one string per row. */
function pic(...rows: string[]): { mask: Uint8Array; w: number; h: number } {
  const w = rows[0].length, h = rows.length;
  const mask = new Uint8Array(w * h);
  rows.forEach((r, y) => [...r].forEach((c, x) => { mask[y * w + x] = c === '#' ? 1 : 0; }));
  return { mask, w, h };
}
const grid = (labels: Uint32Array, w: number) => Array.from({ length: labels.length / w }, (_, y) => Array.from(labels.subarray(y * w, y * w + w)).join(''));

/** Independent reference: BFS flood fill with an explicit queue, objects numbered in raster order. */
function bfsLabels(mask: Uint8Array, w: number, h: number, conn: 4 | 8): { labels: Uint32Array; count: number } {
  const labels = new Uint32Array(w * h);
  const nb = conn === 8 ? [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]] : [[0, -1], [-1, 0], [1, 0], [0, 1]];
  let count = 0;
  const queue = new Int32Array(w * h);
  for (let s = 0; s < w * h; s++) {
    if (!mask[s] || labels[s]) continue;
    labels[s] = ++count;
    let head = 0, tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const i = queue[head++], x = i % w, y = (i / w) | 0;
      for (const [dx, dy] of nb) {
        const xx = x + dx, yy = y + dy, j = yy * w + xx;
        if (xx >= 0 && yy >= 0 && xx < w && yy < h && mask[j] && !labels[j]) { labels[j] = count; queue[tail++] = j; }
      }
    }
  }
  return { labels, count };
}

describe('labelComponents', () => {
  it('empty mask → no objects', () => {
    const { mask, w, h } = pic('....', '....');
    const r = labelComponents(mask, w, h);
    expect(r.count).toBe(0);
    expect(Array.from(r.labels)).toEqual(new Array(8).fill(0));
  });

  it('all foreground → one object', () => {
    const { mask, w, h } = pic('###', '###');
    for (const c of [4, 8] as const) {
      const r = labelComponents(mask, w, h, c);
      expect(r.count).toBe(1);
      expect(grid(r.labels, w)).toEqual(['111', '111']);
    }
  });

  it('one-pixel objects are objects, numbered in raster order', () => {
    const { mask, w, h } = pic('#..#', '....', '.#..');
    const r = labelComponents(mask, w, h);
    expect(r.count).toBe(3);
    expect(grid(r.labels, w)).toEqual(['1002', '0000', '0300']);
  });

  it('diagonal touch: one object with 8-connectivity, two with 4', () => {
    const { mask, w, h } = pic('##..', '##..', '..##', '..##');
    expect(grid(labelComponents(mask, w, h, 8).labels, w)).toEqual(['1100', '1100', '0011', '0011']);
    const r4 = labelComponents(mask, w, h, 4);
    expect(r4.count).toBe(2);
    expect(grid(r4.labels, w)).toEqual(['1100', '1100', '0022', '0022']);
  });

  it('U shape: two provisional labels merge; numbering follows first pixel', () => {
    const { mask, w, h } = pic('#.#.#', '#.#.#', '###.#');
    const r = labelComponents(mask, w, h, 4);
    expect(r.count).toBe(2);
    expect(grid(r.labels, w)).toEqual(['10102', '10102', '11102']);
  });

  it('anti-diagonal joins only with 8-connectivity (up-right neighbour)', () => {
    const { mask, w, h } = pic('..#', '.#.', '#..');
    expect(labelComponents(mask, w, h, 8).count).toBe(1);
    expect(labelComponents(mask, w, h, 4).count).toBe(3);
  });

  it('W shape: up-right merges with left and with up-left', () => {
    const { mask, w, h } = pic('#.#.#', '.#.#.');
    expect(grid(labelComponents(mask, w, h, 8).labels, w)).toEqual(['10101', '01010']);
    const v = pic('#.#', '...', '#.#', '.#.');
    expect(labelComponents(v.mask, v.w, v.h, 8).count).toBe(3);
  });

  it('any non-zero byte is foreground', () => {
    expect(labelComponents(Uint8Array.from([0, 255, 7, 0]), 4, 1).count).toBe(1);
  });

  it('matches a BFS flood fill on random masks (labels identical, both connectivities)', () => {
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 60; trial++) {
      const w = 1 + Math.floor(rand() * 40), h = 1 + Math.floor(rand() * 40), density = 0.2 + 0.6 * rand();
      const mask = Uint8Array.from({ length: w * h }, () => (rand() < density ? 1 : 0));
      for (const c of [4, 8] as const) {
        const got = labelComponents(mask, w, h, c), ref = bfsLabels(mask, w, h, c);
        expect(got.count).toBe(ref.count);
        expect(got.labels).toEqual(ref.labels);
      }
    }
  });

  it('4096² serpentine (one object, worst case for recursive fills) and a checkerboard', () => {
    const w = 4096, h = 4096, mask = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      if (y % 2 === 0) mask.fill(1, y * w, y * w + w);
      else mask[y * w + ((y >> 1) % 2 === 0 ? w - 1 : 0)] = 1;
    }
    expect(labelComponents(mask, w, h, 4).count).toBe(1);
    for (let i = 0; i < mask.length; i++) mask[i] = ((i % w) + ((i / w) | 0)) & 1;
    expect(labelComponents(mask, w, h, 8).count).toBe(1);
    expect(labelComponents(mask, w, h, 4).count).toBe((w * h) / 2); // every pixel alone: the parent bound is tight
  });

  it('zero-size images and bad arguments', () => {
    expect(labelComponents(new Uint8Array(0), 0, 5)).toEqual({ labels: new Uint32Array(0), count: 0 });
    expect(() => labelComponents(new Uint8Array(5), 2, 2)).toThrow(/5 pixels, expected 2×2 = 4/);
    expect(() => labelComponents(new Uint8Array(4), 2, 2, 6 as 4)).toThrow(/4 or 8/);
    expect(() => labelComponents(new Uint8Array(4), 1.5, 2)).toThrow(/integers/);
  });
});
