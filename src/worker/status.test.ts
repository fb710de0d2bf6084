import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerStatus } from './api';

/** status.ts keeps module state (the listener, the loss): a fresh module per test. */
const fresh = async () => {
  vi.resetModules();
  return import('./status');
};
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('worker status channel', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('sends a device loss to the listener, and again to a listener registered after it', async () => {
    const status = await fresh();
    const first: WorkerStatus[] = [];
    status.setStatusListener((s) => first.push(s));
    status.reportDeviceLost('Device was destroyed.');
    await flush();
    expect(first).toEqual([{ kind: 'device-lost', message: 'Device was destroyed.' }]);
    const later: WorkerStatus[] = [];
    status.setStatusListener((s) => later.push(s)); // e.g. the page registered late
    await flush();
    expect(later).toEqual([{ kind: 'device-lost', message: 'Device was destroyed.' }]);
  });

  it('folds a burst of GPU errors: the first at once, the rest in one summary', async () => {
    vi.useFakeTimers();
    try {
      const status = await fresh();
      const seen: WorkerStatus[] = [];
      status.setStatusListener((s) => seen.push(s));
      for (const m of ['a', 'b', 'c']) status.reportGpuError(m);
      await vi.advanceTimersByTimeAsync(0);
      expect(seen).toEqual([{ kind: 'gpu-error', message: 'a', count: 1 }]);
      await vi.advanceTimersByTimeAsync(status.GPU_ERROR_INTERVAL_MS);
      expect(seen).toEqual([{ kind: 'gpu-error', message: 'a', count: 1 }, { kind: 'gpu-error', message: 'c', count: 2 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a listener that throws (the page went away) is logged, not thrown into the worker', async () => {
    const status = await fresh();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    status.setStatusListener(() => {
      throw new Error('proxy released');
    });
    expect(() => status.reportDeviceLost('gone')).not.toThrow();
    await flush();
    expect(error).toHaveBeenCalledWith('could not send the worker status "device-lost" to the page:', expect.any(Error));
  });
});
