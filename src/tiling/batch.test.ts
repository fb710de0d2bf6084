import { describe, expect, it } from 'vitest';
import { batchFor } from './batch';

describe('batchFor', () => {
  it('keeps about 256k input pixels per run, between 1 and 8 tiles', () => {
    expect(batchFor(256)).toBe(4); // 4 × 65 536 = 262 144
    expect(batchFor(362)).toBe(2); // 262 144 / 131 044 = 2.0004
    expect(batchFor(363)).toBe(1);
    expect(batchFor(512)).toBe(1);
    expect(batchFor(2048)).toBe(1); // never 0
    expect(batchFor(128)).toBe(8); // 16 would fit: capped at 8
    expect(batchFor(16)).toBe(8);
  });
});
