import { describe, expect, it } from 'vitest';
import { compactLabels, truthObjects } from './truthLabels';

describe('compactLabels', () => {
  it('renumbers gapped instance labels 1..n in ascending order of value', () => {
    const r = compactLabels(Uint32Array.of(0, 17, 17, 3, 0, 240, 3));
    expect(Array.from(r.labels)).toEqual([0, 2, 2, 1, 0, 3, 1]);
    expect(r.count).toBe(3);
  });
  it('empty and all-background masks have no objects', () => {
    expect(compactLabels(new Uint32Array(0))).toEqual({ labels: new Uint32Array(0), count: 0 });
    expect(compactLabels(new Uint32Array(4)).count).toBe(0);
  });
  it('sparse 32-bit ids go through the Map path with the same result', () => {
    const r = compactLabels(Uint32Array.of(4_000_000_000, 0, 2 ** 25, 4_000_000_000));
    expect(Array.from(r.labels)).toEqual([2, 0, 1, 2]);
    expect(r.count).toBe(2);
  });
});

describe('truthObjects', () => {
  const w = 4, h = 3;
  it('instance masks keep their own objects, even when they touch', () => {
    const labels = Uint32Array.of(5, 5, 9, 9, 5, 5, 9, 9, 0, 0, 0, 0);
    const t = truthObjects({ labels, binary: Uint8Array.from(labels, (v) => (v ? 1 : 0)), width: w, height: h, isInstance: true });
    expect(t.source).toBe('instance labels');
    expect(t.count).toBe(2);
    expect(Array.from(t.labels)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 0]);
  });
  it('binary masks are split into 8-connected components', () => {
    const binary = Uint8Array.of(1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1);
    const t = truthObjects({ labels: Uint32Array.from(binary), binary, width: w, height: h, isInstance: false });
    expect(t.source).toBe('connected components');
    expect(t.count).toBe(3); // (0,0)–(1,1) touch diagonally; (3,0) and (3,2) are apart
    expect(t.binary).toBe(binary);
  });
});
