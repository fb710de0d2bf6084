import { describe, expect, it } from 'vitest';
import { normalize } from '../tiling/normalize';
import { imageWarnings, intensityWarning, maskWarnings, replaceNonFinite } from './warnings';

describe('non-finite pixels', () => {
  it('are set to the smallest finite value, counted by kind, and normalisation is finite afterwards', () => {
    const data = Float32Array.from([5, NaN, 3, Infinity, -Infinity, 7, NaN, 4]);
    const r = replaceNonFinite(data);
    expect(r).toEqual({ nan: 2, inf: 2, value: 3 });
    expect([...data]).toEqual([5, 3, 3, 3, 3, 7, 3, 4]);
    const w = imageWarnings(data, r);
    expect(w).toHaveLength(1);
    expect(w[0].message).toBe('2 NaN and 2 infinite pixels (50 % of the image) were set to 3, the image\'s smallest finite value, before normalisation and tiling.');
    for (const kind of [{ kind: 'percentile', low: 1, high: 99.8 }, { kind: 'minmax' }, { kind: 'zscore', eps: 1e-6 }] as const)
      expect(normalize({ data }, kind).every(Number.isFinite), kind.kind).toBe(true);
  });

  it('an image with no finite pixel becomes 0 everywhere (and is then constant)', () => {
    const data = Float32Array.from([NaN, NaN]);
    const r = replaceNonFinite(data);
    expect(r.value).toBe(0);
    expect(imageWarnings(data, r).map((w) => w.kind)).toEqual(['non-finite', 'constant-image']);
  });

  it('a clean image gives no warning and is left as it is', () => {
    const data = Float32Array.from([1, 2, 3]);
    const r = replaceNonFinite(data);
    expect(r).toEqual({ nan: 0, inf: 0, value: 1 });
    expect(imageWarnings(data, r)).toEqual([]);
  });

  it('a constant image is named with its value', () => {
    const data = new Float32Array(16).fill(128);
    expect(imageWarnings(data, replaceNonFinite(data))[0].message).toMatch(/^Every pixel of the image is 128: there is nothing to segment/);
  });
});

describe('mask warnings', () => {
  const bin = (v: Float32Array) => Uint8Array.from(v, (x) => (x > 0 ? 1 : 0));
  it('an image picked as the mask (many values, no zero)', () => {
    const v = Float32Array.from({ length: 4096 }, (_, i) => 1 + (i % 200));
    const w = maskWarnings(v, bin(v), 'raw.png');
    expect(w.map((x) => x.kind)).toEqual(['mask-looks-like-image']);
    expect(w[0].message).toContain('"raw.png" looks like an image, not a mask');
  });
  it('a mask covering everything suggests "Invert mask"; an empty one is named too', () => {
    const all = new Float32Array(10).fill(255);
    expect(maskWarnings(all, bin(all), 'm.png')[0]).toMatchObject({ kind: 'mask-covers-all', message: expect.stringContaining('Invert mask') });
    const none = new Float32Array(10);
    expect(maskWarnings(none, bin(none), 'm.png').map((x) => x.kind)).toEqual(['mask-empty']);
  });
  it('an instance label image with background is fine', () => {
    const v = Float32Array.from({ length: 4096 }, (_, i) => (i % 3 ? 0 : 1 + (i % 500)));
    expect(maskWarnings(v, bin(v), 'labels.tif')).toEqual([]);
  });
});

describe('intensity range', () => {
  it('a fixed-normalisation card warns when the normalised 1st–99th percentiles leave −1…2', () => {
    const fixed = { kind: 'fixed', scale: 1 / 255, offset: 0 } as const;
    expect(intensityWarning(fixed, 0, 1, 'M')).toBeNull();
    const w = intensityWarning(fixed, 10, 250, 'M');
    expect(w?.message).toMatch(/^The image is far outside M's training intensity range: .* between 10 and 250, where the model saw about 0 to 1/);
  });
  it('per-image normalisations map any image into range: no check', () => {
    expect(intensityWarning({ kind: 'percentile', low: 1, high: 99.8 }, 1e6, 1e7, 'M')).toBeNull();
    expect(intensityWarning({ kind: 'zscore', eps: 1e-6 }, -50, 50, 'M')).toBeNull();
  });
});
