import { describe, expect, it } from 'vitest';
import { zoomImage, zoomLabels } from './zoom';

describe('synth --zoom', () => {
  it('enlarges labels by nearest neighbour and keeps a constant image constant', () => {
    const labels = Uint16Array.from([1, 2, 3, 4]);
    expect([...zoomLabels(labels, 2, 2, 4)]).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect([...zoomImage(new Float32Array(9).fill(5), 3, 3, 7)].every((v) => Math.abs(v - 5) < 1e-6)).toBe(true);
  });

  it('interpolates a ramp linearly between pixel centres', () => {
    const z = zoomImage(Float32Array.from([0, 10]), 2, 1, 4);
    expect([...z.subarray(0, 4)].map((v) => +v.toFixed(3))).toEqual([0, 2.5, 7.5, 10]);
  });
});
