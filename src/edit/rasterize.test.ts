import { describe, expect, it } from 'vitest';
import { line4, polygonSpans, strokeSpans } from './rasterize';

/** Rasterise into a picture of w×h ('#' set). */
function draw(w: number, h: number, f: (span: (y: number, x0: number, x1: number) => void) => void): string[] {
  const g = Array.from({ length: h }, () => Array(w).fill('.'));
  f((y, x0, x1) => { for (let x = x0; x <= x1; x++) g[y][x] = '#'; });
  return g.map((r) => r.join(''));
}

/** Reference: every pixel centre within r of the polyline (brute force over all pixels). */
function bruteStroke(pts: number[], r: number, w: number, h: number): string[] {
  const dist = (px: number, py: number, ax: number, ay: number, bx: number, by: number) => {
    const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  };
  return Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => {
    let d = Infinity;
    const n = pts.length / 2;
    for (let i = 0; i < Math.max(1, n - 1); i++) {
      const j = n > 1 ? i + 1 : i;
      d = Math.min(d, dist(x + 0.5, y + 0.5, pts[2 * i], pts[2 * i + 1], pts[2 * j], pts[2 * j + 1]));
    }
    return d <= r ? '#' : '.';
  }).join(''));
}

describe('strokeSpans (capsules)', () => {
  it('a click is a disc of the radius', () => {
    expect(draw(7, 7, (s) => strokeSpans([3.5, 3.5], 2, 7, 7, s))).toEqual([
      '.......',
      '...#...',
      '..###..',
      '.#####.',
      '..###..',
      '...#...',
      '.......',
    ]);
  });
  it('equals the brute-force distance rule on random polylines, clipped at the border', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 40; k++) {
      const pts = Array.from({ length: 2 * (1 + (k % 4)) }, () => rnd() * 30 - 5);
      const r = 0.5 + rnd() * 6;
      // Pixel centres at exactly distance r may round either way in floating point: compare away from ties.
      const got = draw(20, 20, (s) => strokeSpans(pts, r, 20, 20, s));
      const want = bruteStroke(pts, r, 20, 20);
      const near = bruteStroke(pts, r - 1e-9, 20, 20), far = bruteStroke(pts, r + 1e-9, 20, 20);
      for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) {
        if (near[y][x] === far[y][x]) expect(got[y][x], `stroke ${k} at ${x},${y}`).toBe(want[y][x]);
      }
    }
  });
});

describe('line4', () => {
  it('steps in x or y only, from the first pixel to the last', () => {
    const px: [number, number][] = [];
    line4([0.5, 0.5, 5.5, 3.5], 10, 10, (x, y) => px.push([x, y]));
    expect(px[0]).toEqual([0, 0]);
    expect(px[px.length - 1]).toEqual([5, 3]);
    for (let i = 1; i < px.length; i++) expect(Math.abs(px[i][0] - px[i - 1][0]) + Math.abs(px[i][1] - px[i - 1][1])).toBe(1);
  });
});

describe('polygonSpans', () => {
  it('fills the pixels whose centres are inside (even-odd)', () => {
    expect(draw(6, 5, (s) => polygonSpans([1, 1, 5, 1, 5, 4, 1, 4], 6, 5, s))).toEqual([
      '......',
      '.####.',
      '.####.',
      '.####.',
      '......',
    ]);
    // A triangle: its centre row is wider than its tip.
    const tri = draw(9, 5, (s) => polygonSpans([0, 5, 4.5, 0, 9, 5], 9, 5, s));
    expect(tri[0]).toBe('....#....');
    expect(tri[4]).toBe('#########');
  });
});
