import { describe, expect, it } from 'vitest';
import { renderGrey } from './lod';
import { editWindow, effectiveWindow, windowText } from './displayWindow';

describe('display window of a large image', () => {
  it("is the person's when set, else the sampled one", () => {
    expect(effectiveWindow([100, 900], null)).toEqual([100, 900]);
    expect(effectiveWindow([100, 900], [0, 50])).toEqual([0, 50]);
  });

  it('edits one end, refusing a window whose minimum is not below its maximum', () => {
    expect(editWindow([100, 900], 'min', 300)).toEqual({ window: [300, 900] });
    expect(editWindow([100, 900], 'max', 120.5)).toEqual({ window: [100, 120.5] });
    expect(editWindow([100, 900], 'min', 900)).toEqual({ problem: 'The minimum (900) must be below the maximum (900).' });
    expect(editWindow([100, 900], 'max', 50)).toMatchObject({ problem: expect.stringMatching(/below the maximum \(50\)/) });
    expect(editWindow([100, 900], 'min', Number.NaN)).toEqual({ problem: 'The minimum must be a number.' });
  });

  it('says where the window comes from', () => {
    expect(windowText([1000.123456789, 30000], false)).toBe('1000.12 – 30000 (sampled 0.3–99.7 %)');
    expect(windowText([0, 255], true)).toBe('0 – 255 (set by you)');
  });

  it('a new window re-maps the same level values at render time (no new read)', () => {
    const level = { width: 4, height: 1, downsample: 1 } as never;
    const values = [0, 100, 200, 300];
    const req = { rect: { x: 0, y: 0, width: 4, height: 1 }, outWidth: 4, outHeight: 1 };
    const grey = (w: [number, number]) => Array.from(renderGrey(values, level, req, w)).filter((_, i) => i % 4 === 0);
    expect(grey([0, 300])).toEqual([0, 85, 170, 255]);
    const narrowed = editWindow([0, 300], 'max', 200);
    expect('window' in narrowed && grey(narrowed.window)).toEqual([0, 128, 255, 255]);
  });
});
