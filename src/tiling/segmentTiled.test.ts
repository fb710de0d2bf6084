import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { segmentTiled } from './segmentTiled';
import { thresholdMask } from './threshold';

const opts = { tile: 32, halo: 8, multiple: 16, blend: 'crop' as const, batch: 2 };

describe('segmentTiled', () => {
  it('stops between batches when cancelled', async () => {
    let calls = 0;
    const run = segmentTiled(new Float32Array(100 * 100), 100, 100, opts, async (x) => { calls++; return x; }, undefined, () => calls >= 2);
    await expect(run).rejects.toMatchObject({ code: 'cancelled', message: 'Run cancelled.' });
    expect(calls).toBe(2);
  });
  it('wraps model failures and short outputs as inference-failed', async () => {
    await expect(segmentTiled(new Float32Array(64), 8, 8, opts, async () => { throw new Error('boom'); })).rejects.toMatchObject({ code: 'inference-failed' });
    await expect(segmentTiled(new Float32Array(64), 8, 8, opts, async () => new Float32Array(3))).rejects.toBeInstanceOf(StudioError);
  });
  it('measures inference time and reports progress after each batch', async () => {
    const seen: [number, number][] = [];
    const r = await segmentTiled(new Float32Array(100 * 60), 100, 60, opts, async (x) => x, (d, t) => seen.push([d, t]));
    const n = r.plan.tiles.length;
    expect(seen.map((s) => s[0])).toEqual(Array.from({ length: Math.ceil(n / 2) }, (_, i) => Math.min(n, 2 * i + 2)));
    expect(r.inferenceMs).toBeGreaterThanOrEqual(0);
  });
});

describe('thresholdMask', () => {
  it('is 1 where prob ≥ t', () => {
    expect([...thresholdMask(Float32Array.of(0, 0.49, 0.5, 0.51, 1), 0.5)]).toEqual([0, 0, 1, 1, 1]);
  });
});
