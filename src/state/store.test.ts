import { describe, expect, it, vi } from 'vitest';
import { StudioError } from '../errors';
import type { Progress, RunSummary } from '../worker/api';
import { currentTilingProblem } from './modelSlice';
import { createStudio } from './store';
import { fakeCard, fakeClient, fakeSummary, fakeView, wasmInfo } from './testClient';

const card = fakeCard;
const wasm = wasmInfo;
const view = fakeView;
const summary = (runId: string) => fakeSummary(runId);

const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);

describe('studio store', () => {
  it('lists real models by default and picks the first one, with its threshold', async () => {
    const s = createStudio({ client: fakeClient(), saveFile: vi.fn() });
    await s.getState().init();
    expect(s.getState().models.map((m) => m.id)).toEqual(['em-unet', 'em-unet-noskip']);
    expect(s.getState().modelId).toBe('em-unet');
    expect(s.getState().threshold).toBe(0.4);
    expect(s.getState().examples).toHaveLength(1);
    expect(s.getState().backendInfo).toEqual(wasm);
  });

  it('shows fixtures with showFixtures, and falls back to a fixture when it is the only model', async () => {
    const s = createStudio({ client: fakeClient(), saveFile: vi.fn() });
    await s.getState().init({ showFixtures: true });
    expect(s.getState().models).toHaveLength(3);
    expect(s.getState().modelId).toBe('em-unet');
    const only = createStudio({ client: fakeClient({ listModels: async () => [card('fixture-tiny-unet', true)] }), saveFile: vi.fn() });
    await only.getState().init();
    expect(only.getState().modelId).toBe('fixture-tiny-unet');
  });

  it('keeps the previous image when a new file fails, and shows the error until dismissed', async () => {
    const client = fakeClient();
    const s = createStudio({ client, saveFile: vi.fn() });
    await s.getState().openFile(file('good.png'));
    client.openImage = async (_b, name) => {
      throw { code: 'empty-file', message: `The file "${name}" is empty (0 bytes).` };
    };
    await s.getState().openFile(file('empty.tif'));
    expect(s.getState().image?.name).toBe('good.png');
    expect(s.getState().error).toEqual({ code: 'empty-file', message: 'The file "empty.tif" is empty (0 bytes).' });
    expect(s.getState().imageLoading).toBe(false);
    s.getState().dismissError();
    expect(s.getState().error).toBeNull();
  });

  it('runs, reports progress, renders the overlay and downloads the mask', async () => {
    const saveFile = vi.fn();
    const seen: Progress[] = [];
    const client = fakeClient({
      segment: async (_id, _o, onProgress) => {
        onProgress({ stage: 'inference', done: 1, total: 2 });
        seen.push(s.getState().progress!);
        return summary('run-1');
      },
    });
    const s = createStudio({ client, saveFile });
    await s.getState().init();
    await s.getState().openFile(file('cells.tif'));
    await s.getState().startRun();
    expect(seen).toEqual([{ stage: 'inference', done: 1, total: 2 }]);
    expect(s.getState().runStatus).toBe('done');
    expect(s.getState().overlay?.foregroundPixels).toBe(2);
    await s.getState().downloadMask();
    expect(saveFile).toHaveBeenCalledWith(new Uint8Array([1, 2, 3]), 'cells_mask.png', 'image/png');
  });

  it('a cancelled run ends as "cancelled", not as an error', async () => {
    let reject!: (e: unknown) => void;
    const client = fakeClient({ segment: () => new Promise((_, r) => (reject = r)), cancel: async () => reject({ code: 'cancelled', message: 'Run cancelled.' }) });
    const s = createStudio({ client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    const run = s.getState().startRun();
    await Promise.resolve();
    await s.getState().cancelRun();
    await run;
    expect(s.getState().runStatus).toBe('cancelled');
    expect(s.getState().error).toBeNull();
  });

  it('restarts the worker when a cancelled run does not stop, and re-opens the image for the next run', async () => {
    vi.useFakeTimers();
    let gen = 0;
    let reject!: (e: unknown) => void;
    const opened: string[] = [];
    const client = fakeClient({
      generation: () => gen,
      openImage: async (_b, name) => (opened.push(name), view(`img-g${gen}`, name)),
      segment: () => new Promise((_, r) => (reject = r)),
      cancel: () => new Promise(() => undefined), // the worker never answers
      restart: (reason: StudioError) => {
        gen++;
        reject(reason);
      },
    });
    const s = createStudio({ client, saveFile: vi.fn(), cancelGraceMs: 100 });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    const run = s.getState().startRun();
    await vi.advanceTimersByTimeAsync(0);
    void s.getState().cancelRun();
    await vi.advanceTimersByTimeAsync(150);
    await run;
    vi.useRealTimers();
    expect(s.getState().runStatus).toBe('cancelled');
    client.segment = async (imageId) => summary(imageId);
    await s.getState().startRun();
    expect(opened).toEqual(['a.png', 'a.png']);
    expect(s.getState().result?.runId).toBe('img-g1');
  });

  it('coalesces overlay renders while the threshold slider moves', async () => {
    let calls = 0;
    let release!: () => void;
    const client = fakeClient({
      renderOverlay: async (req) => {
        calls++;
        if (calls === 2) await new Promise<void>((r) => (release = r));
        return { width: 4, height: 3, rgba: new Uint8ClampedArray(48), foregroundPixels: Math.round(req.threshold * 100) };
      },
    });
    const s = createStudio({ client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    await s.getState().startRun(); // render #1
    s.getState().setThreshold(0.1); // render #2, held
    s.getState().setThreshold(0.2);
    s.getState().setThreshold(0.3);
    release();
    await vi.waitFor(() => expect(s.getState().overlay?.foregroundPixels).toBe(30));
    expect(calls).toBe(3); // 0.2 was skipped
  });
});

describe('opening a new image during a run', () => {
  it('cancels the run and drops its result', async () => {
    let resolve!: (s: RunSummary) => void;
    const cancel = vi.fn(async () => undefined);
    const client = fakeClient({ segment: () => new Promise((r) => (resolve = r)), cancel });
    const s = createStudio({ client, saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('first.png'));
    const run = s.getState().startRun();
    await Promise.resolve();
    await s.getState().openFile(file('second.png'));
    expect(cancel).toHaveBeenCalled();
    resolve(summary('run-old')); // the worker finished anyway
    await run;
    expect(s.getState().image?.name).toBe('second.png');
    expect(s.getState().result).toBeNull();
    expect(s.getState().runStatus).toBe('idle');
  });
});

describe('advanced tiling (tile, halo, blend)', () => {
  it('starts from the card, resets when the model changes, and is sent with the run', async () => {
    const segment = vi.fn(async () => summary('run-1'));
    const s = createStudio({ client: fakeClient({ segment }), saveFile: vi.fn() });
    await s.getState().init({ showFixtures: true });
    expect(s.getState().tiling).toEqual({ tile: 256, halo: 32, blend: 'gaussian' });
    s.getState().setTiling({ tile: 128, blend: 'crop' });
    expect(s.getState().tiling).toEqual({ tile: 128, halo: 32, blend: 'crop' });
    s.getState().setModel('fixture-tiny-unet');
    expect(s.getState().tiling).toEqual({ tile: 64, halo: 8, blend: 'gaussian' });
    s.getState().setTiling({ tile: 32, halo: 4, blend: 'crop' });
    await s.getState().openFile(file('a.png'));
    await s.getState().startRun();
    expect(segment).toHaveBeenCalledWith('img-1', { modelId: 'fixture-tiny-unet', backend: 'auto', tile: 32, halo: 4, blend: 'crop' }, expect.any(Function));
  });

  it('does not run with an invalid tiling and says why', async () => {
    const segment = vi.fn(async () => summary('run-1'));
    const s = createStudio({ client: fakeClient({ segment }), saveFile: vi.fn() });
    await s.getState().init();
    await s.getState().openFile(file('a.png'));
    expect(currentTilingProblem(s.getState())).toBeNull();
    s.getState().setTiling({ halo: 128 });
    expect(currentTilingProblem(s.getState())).toBe('Halo must be less than half the tile (< 128 for tile 256).');
    await s.getState().startRun();
    expect(segment).not.toHaveBeenCalled();
    expect(s.getState().error?.message).toMatch(/Halo must be less than half/);
    expect(s.getState().runStatus).toBe('idle');
  });
});
