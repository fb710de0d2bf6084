import { describe, expect, it, vi } from 'vitest';
import type { WorkerStatus } from '../worker/api';
import { createStudio } from './store';
import { fakeClient, fakeSummary, fakeView } from './testClient';
import { workerLostMessage } from './recoverySlice';

const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A fake client with a generation counter that `restart` and a simulated death bump, like client.ts. */
function restartable() {
  let generation = 0;
  let lostCb: ((m: string) => void) | undefined;
  let statusCb: ((s: WorkerStatus) => void) | undefined;
  const opened: string[] = [];
  const truths: string[] = [];
  const models: string[] = [];
  const restart = vi.fn(() => void generation++);
  const client = fakeClient({
    generation: () => generation,
    restart,
    onLost: (cb) => void (lostCb = cb),
    onStatus: async (cb) => void (statusCb = cb),
    openImage: async (_b, name) => {
      opened.push(`${name}@${generation}`);
      return fakeView(`img-${opened.length}`, name);
    },
    setGroundTruth: async (imageId, _b, name) => {
      truths.push(`${name}→${imageId}`);
      return { imageId, name, width: 4, height: 3, isInstance: false, objects: 1, foregroundPixels: 2, planes: [0] };
    },
    openUserModel: async (_b, name) => {
      models.push(`${name}@${generation}`);
      return { id: 'user:mine', name, threshold: 0.5, tiling: { tile: 64, halo: 8, blend: 'gaussian' }, input: { tileMultiple: 4 } } as never;
    },
    metrics: async () => null as never,
    segment: async (imageId) => fakeSummary(`run-${generation}`, imageId),
  });
  return {
    client, opened, truths, models, restart,
    die: (why: string) => { generation++; lostCb?.(why); },
    status: (s: WorkerStatus) => statusCb?.(s),
  };
}

describe('a worker that dies on its own', () => {
  it('re-opens the image, the ground truth and the own model in the new worker; choices stay, the result goes, the notice offers a re-run', async () => {
    const w = restartable();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    await s.getState().openModelFile(file('mine.onnx'));
    await s.getState().openTruth(file('gt.png'));
    s.getState().setThreshold(0.7);
    s.getState().setTiling({ tile: 128 });
    await s.getState().setBackend('wasm');
    await s.getState().startRun();
    s.getState().setViewport({ scale: 2, x: 5, y: 6, imageId: 'img-1' } as never);
    expect(s.getState().result?.runId).toBe('run-0');

    w.die('The segmentation worker stopped (it ended unexpectedly: out of memory or a crash).');
    await vi.waitFor(() => expect(s.getState().notice?.message).toContain('open again'));
    const st = s.getState();
    expect(w.opened).toEqual(['a.png@0', 'a.png@1']);
    expect(w.truths).toEqual(['gt.png→img-1', 'gt.png→img-2']);
    expect(w.models).toEqual(['mine.onnx@0', 'mine.onnx@1']);
    expect(st.image?.imageId).toBe('img-2');
    expect(st.groundTruth?.imageId).toBe('img-2');
    expect(st.result).toBeNull();
    expect(st.overlay).toBeNull();
    expect([st.modelId, st.threshold, st.tiling?.tile, st.backendChoice]).toEqual(['user:mine', 0.7, 128, 'wasm']);
    expect(st.viewport).toMatchObject({ scale: 2, imageId: 'img-2' }); // the same zoom, on the re-opened image
    expect(st.notice).toEqual({ kind: 'worker-lost', message: workerLostMessage('The segmentation worker stopped (it ended unexpectedly: out of memory or a crash).', { image: true, truth: true }) });
    expect(st.error).toBeNull();

    await s.getState().startRun();
    expect(s.getState().result?.runId).toBe('run-1');
    expect(w.opened).toHaveLength(2); // the re-run used the re-opened image
  });

  it('a run in flight when the worker dies ends quietly (no error banner), the notice says it', async () => {
    const w = restartable();
    let reject!: (e: unknown) => void;
    w.client.segment = () => new Promise((_, r) => (reject = r));
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    const run = s.getState().startRun();
    await settle();
    expect(s.getState().runStatus).toBe('running');
    w.die('The segmentation worker stopped (x).');
    reject({ code: 'worker-lost', message: 'The segmentation worker stopped (x).' });
    await run;
    expect(s.getState().runStatus).toBe('idle');
    expect(s.getState().error).toBeNull();
    await vi.waitFor(() => expect(s.getState().notice?.kind).toBe('worker-lost'));
  });

  it('the message names what was re-opened', () => {
    expect(workerLostMessage('W stopped.', { image: true, truth: false })).toBe('W stopped. A new worker has started. Your image is open again; your model, threshold and settings are kept. The last result was lost with the worker: segment again to re-run.');
    expect(workerLostMessage('W stopped.', { image: false, truth: false })).toContain('W stopped. A new worker has started. your model');
  });
});

describe('after a GPU device loss', () => {
  it('the next WebGPU run starts a fresh worker (a new device); later runs do not', async () => {
    const w = restartable();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().setBackend('webgpu');
    await s.getState().openFile(file('a.png'));
    await s.getState().startRun();
    expect(w.restart).not.toHaveBeenCalled();
    w.status({ kind: 'device-lost', message: 'Device was destroyed.' });
    expect(s.getState().gpuRenew).toBe(true);
    expect(s.getState().result?.runId).toBe('run-0'); // kept until the next run
    await s.getState().startRun();
    expect(w.restart).toHaveBeenCalledTimes(1);
    expect(s.getState().gpuRenew).toBe(false);
    expect(s.getState().result?.runId).toBe('run-1');
    expect(w.opened).toEqual(['a.png@0', 'a.png@1']);
    await s.getState().startRun();
    expect(w.restart).toHaveBeenCalledTimes(1);
  });

  it('a WASM run after the loss keeps the worker (no device needed)', async () => {
    const w = restartable();
    const s = createStudio({ client: w.client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    w.status({ kind: 'device-lost', message: 'lost' });
    await s.getState().setBackend('wasm');
    await s.getState().startRun();
    expect(w.restart).not.toHaveBeenCalled();
  });
});
