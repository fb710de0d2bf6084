import { describe, expect, it, vi } from 'vitest';
import { StudioError } from '../errors';
import type { RunSummary } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import { createStudio } from './store';
import { fakeCard, fakeClient, fakeSummary } from './testClient';

/** Compare mode over a worker client whose model A run waits until cancelled (or forever, `answers: false`). */
function setup(answers: boolean) {
  const calls: string[] = [];
  let reject!: (e: unknown) => void;
  const client = fakeClient({
    listModels: async () => ['a', 'b'].map((id) => fakeCard(id)),
    segment: (imageId: string, o: { modelId: string }) => {
      calls.push(`segment ${o.modelId}`);
      return o.modelId === 'a' ? new Promise<RunSummary>((_, r) => (reject = r)) : Promise.resolve(fakeSummary('run-b', imageId, 'b'));
    },
    cancel: () => {
      calls.push('cancel');
      if (answers) reject(new StudioError('cancelled', 'Run cancelled.'));
      return answers ? Promise.resolve() : new Promise<void>(() => undefined);
    },
    restart: (reason: StudioError) => (calls.push('restart'), reject(reason)),
  } as Partial<WorkerClient>);
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
