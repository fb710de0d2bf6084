import { describe, expect, it, vi } from 'vitest';
import { StudioError } from '../errors';
import type { ModelCard } from '../models/manifest';
import type { BackendInfo, RunSummary } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { createStudio } from './store';

const wasm: BackendInfo = { backend: 'wasm', adapter: 'x', software: false, threads: 1, note: '' };
const summary = (runId: string, imageId: string, modelId: string): RunSummary =>
  ({ runId, imageId, modelId, width: 4, height: 3, tiles: 1, tile: 64, halo: 8, blend: 'crop', ms: 5, inferenceMs: 3, pipeline: 'cpu', backend: wasm });

/** Compare mode over a worker client whose model A run waits until cancelled (or forever, `answers: false`). */
function setup(answers: boolean) {
  const calls: string[] = [];
  let reject!: (e: unknown) => void;
  const client = {
    listModels: async () => ['a', 'b'].map((id) => ({ id, name: id, fixture: false, threshold: 0.5, input: { tileMultiple: 16 }, tiling: { tile: 256, halo: 32, blend: 'gaussian' } }) as unknown as ModelCard),
    probeBackend: async () => wasm,
    onStatus: async () => undefined,
    listExamples: async () => [],
    openImage: async (_b: ArrayBuffer, name: string) => ({ imageId: 'img-1', name, width: 4, height: 3, sampleType: 'uint8', format: 'png', note: '', rgba: new Uint8ClampedArray(48) }),
    segment: (imageId: string, o: { modelId: string }) => {
      calls.push(`segment ${o.modelId}`);
      return o.modelId === 'a' ? new Promise<RunSummary>((_, r) => (reject = r)) : Promise.resolve(summary('run-b', imageId, 'b'));
    },
    cancel: () => {
      calls.push('cancel');
      if (answers) reject(new StudioError('cancelled', 'Run cancelled.'));
      return answers ? Promise.resolve() : new Promise<void>(() => undefined);
    },
    restart: (reason: StudioError) => (calls.push('restart'), reject(reason)),
    generation: () => 0,
  } as unknown as WorkerClient;
  return { calls, s: createStudio({ client, saveFile: vi.fn(), cancelGraceMs: 100 }) };
}

describe('compare mode: cancel', () => {
  it('stops after the running model: "cancelled", no error, B never runs', async () => {
    const { calls, s } = setup(true);
    await s.getState().init();
    await s.getState().openFile(new File([new Uint8Array([1])], 'x.png'));
    s.getState().setCompareModels('a', 'b');
    const run = s.getState().runComparison();
    await vi.waitFor(() => expect(calls).toContain('segment a'));
    s.getState().cancelComparison();
    expect(s.getState().compareStatus).toBe('cancelling');
    await run;
    expect(s.getState().compareStatus).toBe('cancelled');
    expect(s.getState().error).toBeNull();
    expect(calls).toEqual(['segment a', 'cancel']);
    expect(s.getState().compareRuns).toEqual([null, null]);
  });

  it('restarts the worker when the running batch does not stop within the grace time', async () => {
    vi.useFakeTimers();
    const { calls, s } = setup(false);
    await s.getState().init();
    await s.getState().openFile(new File([new Uint8Array([1])], 'x.png'));
    s.getState().setCompareModels('a', 'b');
    const run = s.getState().runComparison();
    await vi.advanceTimersByTimeAsync(0);
    s.getState().cancelComparison();
    await vi.advanceTimersByTimeAsync(150);
    await run;
    vi.useRealTimers();
    expect(calls).toEqual(['segment a', 'cancel', 'restart']);
    expect(s.getState().compareStatus).toBe('cancelled');
    expect(s.getState().error).toBeNull();
  });
});
