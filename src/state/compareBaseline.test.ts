import { describe, expect, it, vi } from 'vitest';
import type { BaselineOptions, BaselineSummary } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { createStudio } from './store';
import { fakeCard, fakeClient, fakeSummary } from './testClient';

const summary = (runId: string, imageId: string, modelId: string) => fakeSummary(runId, imageId, modelId);

/** The store's side of compare mode's baseline, over a worker client that records its calls. */
function setup() {
  const calls: string[] = [];
  let n = 0;
  const client = fakeClient({
    listModels: async () => ['em-unet', 'em-unet-noskip'].map((id) => fakeCard(id)),
    listExamples: async () => [],
    segment: async (imageId: string, o: { modelId: string }) => (calls.push(`segment ${o.modelId}`), summary(`run-${++n}`, imageId, o.modelId)),
    baselineOtsu: async (imageId: string, o: BaselineOptions): Promise<BaselineSummary> => {
      calls.push(`baseline ${o.polarity} ${o.minArea}`);
      return { ...summary(`run-${++n}`, imageId, 'baseline-otsu'), baseline: { ...o, threshold: 9, objects: 1, removedObjects: 0, foregroundPixels: 3 } };
    },
    renderOverlay: async (req: { runId: string }) => (calls.push(`overlay ${req.runId}`), { width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: 1 }),
  } as Partial<WorkerClient>);
  return { calls, s: createStudio({ client, saveFile: vi.fn() }) };
}

describe('compare mode: the baseline pane', () => {
  it('runs after A and B, and a setting change re-runs only the baseline', async () => {
    const { calls, s } = setup();
    await s.getState().init();
    await s.getState().openFile(new File([new Uint8Array([1])], 'a.png'));
    s.getState().setCompareModels('em-unet', 'em-unet-noskip');
    expect(s.getState().compareBaseline).toBe(true);
    await s.getState().runComparison();
    expect(calls.filter((c) => !c.startsWith('overlay'))).toEqual(['segment em-unet', 'segment em-unet-noskip', 'baseline bright 64']);
    expect(s.getState().compareBaselineRun?.runId).toBe('run-3');
    expect(calls).toContain('overlay run-3');
    expect(s.getState().compareBaselineOverlay).not.toBeNull();

    await s.getState().setCompareBaseline(true, { polarity: 'dark' });
    expect(calls.filter((c) => c.startsWith('segment'))).toHaveLength(2); // the networks never run again
    expect(calls.filter((c) => c.startsWith('baseline'))).toEqual(['baseline bright 64', 'baseline dark 64']);
    expect(s.getState().compareBaselineRun?.runId).toBe('run-4');

    calls.length = 0;
    await s.getState().setCompareBaseline(false);
    expect(calls).toEqual([]);
    expect(s.getState().compareBaselineOptions).toEqual({ polarity: 'dark', minArea: 64 });
  });
});
