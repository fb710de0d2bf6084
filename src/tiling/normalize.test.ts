import { describe, expect, it } from 'vitest';
import { normalize, percentiles, percentileRank } from './normalize';

/** Brute-force reference: exactly training/data.py (sort, nearest rank). */
function refPercentile(data: Float32Array, p: number): number {
  const s = Float64Array.from(data).sort();
  const n = s.length;
  return s[Math.min(n - 1, Math.max(0, Math.floor((p / 100) * (n - 1) + 0.5)))];
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('percentiles', () => {
  it('gives the exact nearest-rank values on known small arrays', () => {
    // n = 10: rank(1) = floor(0.09 + 0.5) = 0, rank(99.8) = floor(8.982 + 0.5) = 9, rank(50) = floor(5) = 5
    const a = Float32Array.of(9, 3, 7, 1, 5, 0, 8, 2, 6, 4);
    expect(percentiles(a, [1, 99.8, 50, 0, 100, 25])).toEqual([0, 9, 5, 0, 9, 2]);
    expect(percentileRank(25, 10)).toBe(2); // floor(2.25 + 0.5)
    // n = 5 non-integers (quickselect path): sorted [-1.5, 0.25, 0.5, 2.75, 10]
    const b = Float32Array.of(10, 0.5, -1.5, 2.75, 0.25);
    expect(percentiles(b, [1, 99.8, 50, 60, 62.5])).toEqual([-1.5, 10, 0.5, 0.5, 2.75]); // 62.5 → floor(2.5+0.5)=3
    expect(percentiles(Float32Array.of(42), [1, 99])).toEqual([42, 42]);
    // n = 201: rank(1) = floor(2 + 0.5) = 2, rank(99.8) = floor(199.6 + 0.5) = 200
    const c = Float32Array.from({ length: 201 }, (_, i) => 1000 - i * 5);
    expect(percentiles(c, [1, 99.8])).toEqual([10, 1000]);
  });

  const kinds: [string, (r: () => number) => number][] = [
    ['uint8', (r) => Math.floor(r() * 256)],
    ['uint16', (r) => Math.floor(r() * 65536)],
    ['int16 (negative)', (r) => Math.floor(r() * 65536) - 32768],
    ['float', (r) => (r() - 0.3) * 1e3],
    ['float with ties', (r) => Math.floor(r() * 7) * 0.25],
    ['sparse ints (huge span)', (r) => (r() < 0.5 ? 0 : Math.floor(r() * 4e6))],
  ];
  for (const [name, gen] of kinds) {
    it(`equals a brute-force sort on random ${name} data`, () => {
      const r = rng(name.length * 97 + 1);
      for (const n of [1, 2, 3, 17, 1000, 12345]) {
        const d = Float32Array.from({ length: n }, () => gen(r));
        const ps = [0, 1, 2.5, 50, 99, 99.8, 100];
        expect(percentiles(d, ps)).toEqual(ps.map((p) => refPercentile(d, p)));
      }
    });
  }

  it('is fast on a 4096² 16-bit image', () => {
    const r = rng(3);
    const d = Float32Array.from({ length: 4096 * 4096 }, () => Math.floor(r() * 65536));
    const t0 = performance.now();
    percentiles(d, [1, 99.8]);
    expect(performance.now() - t0).toBeLessThan(1500); // a full sort takes seconds; the histogram ~100 ms
  });
});

describe('normalize', () => {
  it('percentile: (x - a)/(b - a), not clipped, exact numbers', () => {
    const a = Float32Array.from({ length: 11 }, (_, i) => i * 10); // rank(10) = 1 → 10, rank(90) = 9 → 90
    const out = normalize({ data: a }, { kind: 'percentile', low: 10, high: 90 });
    expect(Array.from(out)).toEqual([-0.125, 0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 1.125]);
    // constant image: b = a → x - a
    expect(Array.from(normalize({ data: Float32Array.of(5, 5) }, { kind: 'percentile', low: 1, high: 99.8 }))).toEqual([0, 0]);
  });
  it('minmax and fixed', () => {
    expect(Array.from(normalize({ data: Float32Array.of(2, 4, 6) }, { kind: 'minmax' }))).toEqual([0, 0.5, 1]);
    expect(Array.from(normalize({ data: Float32Array.of(3, 3) }, { kind: 'minmax' }))).toEqual([0, 0]);
    expect(Array.from(normalize({ data: Float32Array.of(0, 255) }, { kind: 'fixed', scale: 1 / 255, offset: -0.5 }))).toEqual([-0.5, 0.5]);
  });
  it('matches the training arithmetic ((x-a)·(1/(b-a)) in float64 → float32) on random data', () => {
    const r = rng(9);
    const d = Float32Array.from({ length: 5000 }, () => Math.floor(r() * 4096));
    const [lo, hi] = [refPercentile(d, 1), refPercentile(d, 99.8)];
    const out = normalize({ data: d }, { kind: 'percentile', low: 1, high: 99.8 });
    const s = 1 / (hi - lo);
    for (let i = 0; i < d.length; i++) expect(out[i]).toBe(Math.fround((d[i] - lo) * s));
  });
});

describe('normalize zscore (bioimage.io zero_mean_unit_variance)', () => {
  it('subtracts the mean and divides by the population std + eps, computed by hand', () => {
    // values 1, 2, 3, 6: mean 3, variance (4+1+0+9)/4 = 3.5
    const out = normalize({ data: Float32Array.from([1, 2, 3, 6]) }, { kind: 'zscore', eps: 1e-6 });
    const d = Math.sqrt(3.5) + 1e-6;
    expect(Array.from(out)).toEqual([-2 / d, -1 / d, 0, 3 / d].map(Math.fround));
  });
  it('a constant image becomes zeros (eps keeps it finite)', () => {
    expect(Array.from(normalize({ data: Float32Array.from([5, 5, 5]) }, { kind: 'zscore', eps: 1e-6 }))).toEqual([0, 0, 0]);
  });
});
