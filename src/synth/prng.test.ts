import { describe, expect, it } from 'vitest';
import { createRng, mixSeed } from './prng';

describe('createRng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('draws standard normals and integers in range', () => {
    const r = createRng(7);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
    const ints = Array.from({ length: 1000 }, () => r.int(2, 5));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4, 5]));
  });

  it('mixSeed separates streams of one seed and neighbouring seeds', () => {
    const seeds = new Set([mixSeed(1, 1), mixSeed(1, 2), mixSeed(2, 1), mixSeed(0, 0), mixSeed(0, 1)]);
    expect(seeds.size).toBe(5);
  });
});
