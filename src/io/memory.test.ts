import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { checkSize } from './limits';
import { DEFAULT_BUDGET, WORKING_BYTES_PER_PIXEL, estimateNeed } from './memory';

describe('estimateNeed', () => {
  it('adds the stored samples, the working set and the file', () => {
    const n = estimateNeed({ width: 1000, height: 500, bytesPerSample: 2, fileBytes: 1234 });
    expect(n.bytes).toBe(1000 * 500 * 2 + 1000 * 500 * WORKING_BYTES_PER_PIXEL + 1234);
    expect(n.budget).toBe(DEFAULT_BUDGET);
    expect(n).toMatchObject({ fits: true, message: '' });
  });

  it('a device reporting 2 GB gives the tab half of it; a 20000² 16-bit image does not fit and the message says what to do', () => {
    const n = estimateNeed({ width: 20000, height: 20000, bytesPerSample: 2 }, { deviceMemoryGiB: 2 });
    expect(n.budget).toBe(2 ** 30);
    expect(n.fits).toBe(false);
    expect(n.message).toMatch(/^needs about 9\.7 GB of memory to open and segment \(20000 × 20000 = 400\.0 megapixels\), more than this tab can use \(about 1\.0 GB, with 2 GB reported by the device\)\. Crop or downsample/);
  });

  it('stacks count their planes; 8 GB devices are capped at the worker heap', () => {
    const one = estimateNeed({ width: 4096, height: 4096, bytesPerSample: 2 }, { deviceMemoryGiB: 8 });
    const stack = estimateNeed({ width: 4096, height: 4096, bytesPerSample: 2, planes: 200 }, { deviceMemoryGiB: 8 });
    expect(one.fits).toBe(true);
    expect(stack.fits).toBe(false);
    expect(stack.message).toContain('× 200 planes');
    expect(stack.budget).toBe(4 * 2 ** 30);
  });
});

describe('checkSize', () => {
  it('refuses with out-of-memory before decoding when the device is small', () => {
    const nav = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { deviceMemory: 0.5 }, configurable: true });
    try {
      expect(() => checkSize(8000, 8000, 'big.tif', { bytesPerSample: 2 })).toThrow(StudioError);
      expect(() => checkSize(8000, 8000, 'big.tif', { bytesPerSample: 2 })).toThrow(/^"big\.tif" needs about 1\.5 GB .*about 0\.25 GB, with 0\.5 GB reported/);
      expect(() => checkSize(512, 512, 'small.png')).not.toThrow();
    } finally {
      if (nav) Object.defineProperty(globalThis, 'navigator', nav);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});
