/**
 * Cooperative counting of a streamed run (largeRun.ts largeRunCounts, largePace.ts): the same numbers as the
 * one-pass tiledComponents / countForeground, but other work gets through while it runs (a timer fires before
 * it ends, as a worker message would), progress is reported, and cancelLargeAnalysis stops it without
 * caching anything. The run uses the deterministic fake network (the test is about the counting).
 */
import { describe, expect, it } from 'vitest';
import { tiledComponents } from '../metrics/tiledComponents';
import { countForeground } from '../metrics/tiledMetrics';
import { fakeUnet, testImage } from '../tiling/testImages';
import { findCard, loadManifest } from '../cli/nodeSession';
import { heldLargeRun, largeRunCounts, segmentLargePlane } from './largeRun';
import { cancelLargeAnalysis, pace, type AnalysisProgress } from './largePace';
import { holdTestPlane, testLargeEnv } from './largeTestEnv';

describe('largeRunCounts is cooperative', () => {
  it('yields with progress, is cancellable, and counts what the one-pass count does', async () => {
    const W = 2048, H = 2048;
    const card = findCard(loadManifest(), 'fixture-tiny-unet');
    const env = testLargeEnv(card, fakeUnet, { budgetBytes: 4 * 512 * 512, adapter: 'fake' });
    const run = await segmentLargePlane(holdTestPlane(testImage(W, H, 7), W, H), { modelId: card.id, backend: 'wasm', tile: 256 }, () => undefined, { cancelled: false }, env);
    const store = heldLargeRun(run.runId).store;
    const t = 0.5;
    const ref = { foregroundPixels: countForeground(store, t), objects: tiledComponents(store, t).count };
    expect(ref.objects).toBeGreaterThan(20);

    // A timer set before the count fires before it ends: the worker's event loop is not blocked meanwhile.
    const progress: AnalysisProgress[] = [];
    const at: number[] = [];
    let timerAt = -1;
    setTimeout(() => { timerAt = progress.length; }, 0);
    const c0 = performance.now();
    const counts = await largeRunCounts(run.runId, t, (p) => (progress.push(p), at.push(performance.now())));
    const ms = performance.now() - c0;
    const gaps = at.map((v, i) => v - (i ? at[i - 1] : c0));
    console.log(`cooperative count of ${W}×${H}: ${ms.toFixed(0)} ms, ${progress.length} progress reports, longest stretch without yielding ${Math.max(...gaps).toFixed(0)} ms`);
    expect(Math.max(...gaps)).toBeLessThan(1000); // pace.sliceMs plus one tile, with room for a busy machine
    expect(counts).toEqual(ref);
    expect(progress.at(-1)).toEqual({ stage: 'counting', done: 32, total: 32 }); // 16 tiles, two passes
    if (ms > 4 * pace.sliceMs) {
      // long enough that the time slice must have ended at least once before the last step
      expect(timerAt).toBeGreaterThanOrEqual(0);
      expect(progress[0].done).toBeLessThan(32);
    }

    // With a zero slice every step yields: the timer fires and progress comes per step, whatever the machine's speed.
    pace.sliceMs = 0;
    try {
      const steps: AnalysisProgress[] = [];
      let fired = -1;
      setTimeout(() => { fired = steps.length; }, 0);
      expect(await largeRunCounts(run.runId, 0.45, (p) => steps.push(p))).toEqual({ foregroundPixels: countForeground(store, 0.45), objects: tiledComponents(store, 0.45).count });
      expect(fired).toBeGreaterThanOrEqual(0);
      expect(fired).toBeLessThan(steps.length);
      expect(steps.length).toBe(33); // one a step, then the final report
    } finally {
      pace.sliceMs = 40;
    }

    // Cancelled right after it starts (its token is registered synchronously): rejects 'cancelled' at its first
    // step, nothing cached, the next count is right.
    const t2 = 0.3;
    const cancelled = largeRunCounts(run.runId, t2);
    expect(cancelLargeAnalysis()).toBe(1);
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(heldLargeRun(run.runId).counts.has(t2)).toBe(false);
    expect(await largeRunCounts(run.runId, t2)).toEqual({ foregroundPixels: countForeground(store, t2), objects: tiledComponents(store, t2).count });
  }, 120_000);
});
