/**
 * client.ts with fake workers (a MessageChannel per worker, the far end exposed with comlink): the page's
 * status callback is registered on the first worker and again on a restarted one, before any other call.
 */
import { expose } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../errors';
import type { WorkerStatus } from './api';

/** One fake worker's side: the calls it saw, in order, and its status callback. */
interface FakeSide {
  calls: string[];
  status?: (s: WorkerStatus) => void;
  terminated: boolean;
}

const sides: FakeSide[] = [];

class FakeWorker extends EventTarget {
  private readonly port: MessagePort;
  private readonly side: FakeSide = { calls: [], terminated: false };
  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const side = this.side;
    sides.push(side);
    expose({
      onStatus: async (cb: (s: WorkerStatus) => void) => {
        side.calls.push('onStatus');
        side.status = cb;
      },
      listModels: async () => {
        side.calls.push('listModels');
        return [];
      },
    }, port2);
  }
  postMessage(msg: unknown, transfer?: Transferable[]) {
    this.port.postMessage(msg, transfer as never);
  }
  addEventListener(type: string, l: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.addEventListener('message', l as EventListener);
    else super.addEventListener(type, l);
    this.port.start();
  }
  removeEventListener(type: string, l: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.removeEventListener('message', l as EventListener);
    else super.removeEventListener(type, l);
  }
  terminate() {
    this.side.terminated = true;
    this.port.close();
  }
}

describe('worker client status callback', () => {
  beforeEach(() => {
    sides.length = 0;
    vi.resetModules();
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('registers on the first worker, and on a restarted worker before its first call', async () => {
    const { workerClient } = await import('./client');
    const seen: WorkerStatus[] = [];
    await workerClient.onStatus((s) => seen.push(s));
    expect(sides).toHaveLength(1);
    expect(sides[0].calls).toEqual(['onStatus']);
    sides[0].status!({ kind: 'device-lost', message: 'first' });
    await vi.waitFor(() => expect(seen).toEqual([{ kind: 'device-lost', message: 'first' }]));

    workerClient.restart(new StudioError('cancelled', 'restarted'));
    expect(sides[0].terminated).toBe(true);
    await workerClient.listModels();
    expect(sides).toHaveLength(2);
    expect(sides[1].calls).toEqual(['onStatus', 'listModels']);
    sides[1].status!({ kind: 'gpu-error', message: 'second', count: 1 });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({ kind: 'gpu-error', message: 'second', count: 1 });
  });

  it('a callback registered while a worker runs goes to that worker, and replaces the earlier one', async () => {
    const { workerClient } = await import('./client');
    await workerClient.listModels();
    const a = vi.fn(), b = vi.fn();
    await workerClient.onStatus(a);
    await workerClient.onStatus(b);
    expect(sides).toHaveLength(1);
    expect(sides[0].calls).toEqual(['listModels', 'onStatus', 'onStatus']);
    sides[0].status!({ kind: 'device-lost', message: 'x' });
    await vi.waitFor(() => expect(b).toHaveBeenCalledWith({ kind: 'device-lost', message: 'x' }));
    expect(a).not.toHaveBeenCalled();
  });
});
