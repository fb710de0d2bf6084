import { describe, expect, it } from 'vitest';
import { generateCells, PLACEMENT, SYNTH_KINDS, type SynthKind } from './cells';
import { createRng } from './prng';
import { placeCells, radiusAt } from './shapes';
import { componentsPerLabel, distanceToBoundary, mean } from './testUtil';

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function labelStats(labels: Uint16Array) {
  let max = 0;
  const present = new Set<number>();
  for (const l of labels) {
    if (l) present.add(l);
    if (l > max) max = l;
  }
  return { max, present };
}

describe('generateCells: determinism', () => {
  it.each(SYNTH_KINDS)('%s: same seed gives identical bytes, another seed different ones', (kind) => {
    const a = generateCells({ kind, width: 96, height: 80, seed: 5 });
    const b = generateCells({ kind, width: 96, height: 80, seed: 5 });
    const c = generateCells({ kind, width: 96, height: 80, seed: 6 });
    expect(a.width).toBe(96);
    expect(a.height).toBe(80);
    expect(a.image.length).toBe(96 * 80);
    expect(bytes(a.image)).toEqual(bytes(b.image));
    expect(bytes(a.labels)).toEqual(bytes(b.labels));
    expect(bytes(a.image)).not.toEqual(bytes(c.image));
    expect(bytes(a.labels)).not.toEqual(bytes(c.labels));
  });
});

describe('generateCells: labels are exact', () => {
  it.each(SYNTH_KINDS)('%s: labels 1..N, each one 4-connected component, realistic coverage', (kind) => {
    const w = 200;
    const h = 160;
    const { labels } = generateCells({ kind, width: w, height: h, seed: 11 });
    const { max, present } = labelStats(labels);
    expect(max).toBeGreaterThan(5);
    expect(present.size).toBe(max);
    const comps = componentsPerLabel(labels, w, h);
    for (const [, n] of comps) expect(n).toBe(1);
    const fg = labels.reduce((s, l) => s + (l ? 1 : 0), 0) / labels.length;
    expect(fg).toBeGreaterThan(0.1);
    expect(fg).toBeLessThan(0.4);
  });

  it.each(SYNTH_KINDS)('%s: every labelled pixel lies inside its own shape; shapes do not overlap', (kind) => {
    const w = 160;
    const h = 160;
    const p = placeCells(w, h, createRng(3), PLACEMENT[kind]);
    expect(p.shapes.map((s) => s.label)).toEqual(p.shapes.map((_, i) => i + 1));
    const area = new Array<number>(p.shapes.length + 1).fill(0);
    let outsideOwn = 0;
    let insideOther = 0;
    let badRadial = 0;
    for (let i = 0; i < p.labels.length; i++) {
      const l = p.labels[i];
      if (!l) continue;
      area[l]++;
      const s = p.shapes[l - 1];
      const x = i % w;
      const y = (i - x) / w;
      if (Math.hypot(x - s.cx, y - s.cy) > radiusAt(s, Math.atan2(y - s.cy, x - s.cx)) + 1e-9) outsideOwn++;
      if (!(p.radial[i] >= 0 && p.radial[i] <= 1)) badRadial++;
      // Not inside any other shape: placement never overlaps.
      for (const o of p.shapes) {
        if (o.label === l || Math.abs(o.cx - x) > 60 || Math.abs(o.cy - y) > 60) continue;
        if (Math.hypot(x - o.cx, y - o.cy) <= radiusAt(o, Math.atan2(y - o.cy, x - o.cx))) insideOther++;
      }
    }
    expect({ outsideOwn, insideOther, badRadial }).toEqual({ outsideOwn: 0, insideOther: 0, badRadial: 0 });
    // Each shape keeps most of its ideal area (only border clipping and the flood fill may remove pixels).
    for (const s of p.shapes) expect(area[s.label]).toBeGreaterThan(0.3 * Math.PI * s.a * s.b);
  });

  it('places exactly `count` cells when they fit, and 0 for count 0', () => {
    for (const kind of SYNTH_KINDS) {
      expect(labelStats(generateCells({ kind, width: 256, height: 256, seed: 9, count: 7 }).labels).max).toBe(7);
    }
    const empty = generateCells({ kind: 'nuclei', width: 64, height: 64, seed: 1, count: 0 });
    expect(empty.labels.every((l) => l === 0)).toBe(true);
  });

  it('nuclei include touching pairs (4-adjacent pixels with different labels)', () => {
    const w = 256;
    const { labels } = generateCells({ kind: 'nuclei', width: w, height: w, seed: 4 });
    let touching = 0;
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i];
      if (!l) continue;
      if (i % w < w - 1 && labels[i + 1] && labels[i + 1] !== l) touching++;
      if (i + w < labels.length && labels[i + w] && labels[i + w] !== l) touching++;
    }
    expect(touching).toBeGreaterThan(0);
  });

  it('rejects bad sizes, counts and kinds with the valid options', () => {
    expect(() => generateCells({ kind: 'phase', width: 4, height: 64, seed: 1 })).toThrow(/≥ 8/);
    expect(() => generateCells({ kind: 'phase', width: 64, height: 64, seed: 1, count: -1 })).toThrow(/count/);
    expect(() => generateCells({ kind: 'brightfield' as SynthKind, width: 64, height: 64, seed: 1 })).toThrow(/phase, dic, nuclei/);
  });
});

/** Pixel values grouped by where they are relative to the cell boundaries. */
function regions(kind: SynthKind, seed: number, size = 256) {
  const g = generateCells({ kind, width: size, height: size, seed });
  const fg = Uint8Array.from(g.labels, (l) => (l ? 1 : 0));
  const d = distanceToBoundary(fg, size, size, 8);
  const inside: number[] = [];
  const outside: number[] = [];
  const innerRing: number[] = [];
  const outerRing: number[] = [];
  const farBg: number[] = [];
  for (let i = 0; i < fg.length; i++) {
    const v = g.image[i];
    if (fg[i]) {
      inside.push(v);
      if (d[i] >= 2 && d[i] <= 4) innerRing.push(v);
    } else {
      outside.push(v);
      if (d[i] <= 3) outerRing.push(v);
      if (d[i] >= 8) farBg.push(v);
    }
  }
  return { g, inside, outside, innerRing, outerRing, farBg };
}

describe('generateCells: image statistics per modality', () => {
  it('phase: 0–255, dark bodies, bright halo just outside the boundary', () => {
    for (const seed of [1, 2, 3]) {
      const r = regions('phase', seed);
      expect(Math.min(...r.g.image)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...r.g.image)).toBeLessThanOrEqual(255);
      expect(mean(r.outerRing)).toBeGreaterThan(mean(r.innerRing) + 30);
      expect(mean(r.outerRing)).toBeGreaterThan(mean(r.farBg) + 5);
      expect(mean(r.inside)).toBeLessThan(mean(r.farBg) - 20);
    }
  });

  it('dic: cells about as bright as the background, contrast at the edges, lit from one side', () => {
    for (const seed of [1, 2, 3]) {
      const r = regions('dic', seed);
      expect(Math.min(...r.g.image)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...r.g.image)).toBeLessThanOrEqual(255);
      const bg = mean(r.farBg);
      expect(Math.abs(mean(r.inside) - bg)).toBeLessThan(0.05 * bg);
      const sd = (xs: number[]) => { const m = mean(xs); return Math.sqrt(mean(xs.map((x) => (x - m) ** 2))); };
      expect(sd(r.innerRing)).toBeGreaterThan(1.5 * sd(r.farBg));
      // Relief shading: each cell's intensity dipole Σ(I − mean)(p − c) points the same way for all cells.
      const size = 256;
      const { labels, image } = r.g;
      const n = labelStats(labels).max;
      const acc = Array.from({ length: n + 1 }, () => ({ s: 0, sx: 0, sy: 0, sv: 0, c: 0 }));
      for (let i = 0; i < labels.length; i++) {
        const a = acc[labels[i]];
        if (!labels[i]) continue;
        a.c++; a.sx += i % size; a.sy += Math.floor(i / size); a.sv += image[i];
      }
      const dip = acc.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < labels.length; i++) {
        const l = labels[i];
        if (!l) continue;
        const a = acc[l];
        const dv = image[i] - a.sv / a.c;
        dip[l].x += dv * (i % size - a.sx / a.c);
        dip[l].y += dv * (Math.floor(i / size) - a.sy / a.c);
      }
      let ux = 0;
      let uy = 0;
      for (let l = 1; l <= n; l++) {
        const len = Math.hypot(dip[l].x, dip[l].y) || 1;
        ux += dip[l].x / len;
        uy += dip[l].y / len;
      }
      expect(Math.hypot(ux, uy) / n).toBeGreaterThan(0.8);
    }
  });

  it('nuclei: bright blurred blobs on a dark offset, 12-bit-like range', () => {
    for (const seed of [1, 2, 3]) {
      const r = regions('nuclei', seed);
      const bg = mean(r.farBg);
      expect(bg).toBeGreaterThan(80);
      expect(bg).toBeLessThan(250);
      expect(mean(r.inside)).toBeGreaterThan(3 * bg);
      expect(Math.max(...r.g.image)).toBeGreaterThan(1000);
      expect(Math.max(...r.g.image)).toBeLessThanOrEqual(65535);
      // Blurred edges: the pixels just outside are brighter than the far background.
      expect(mean(r.outerRing)).toBeGreaterThan(bg + 20);
    }
  });
});
