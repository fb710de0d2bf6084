import type { StateCreator } from 'zustand';
import { clearBatch, loadBatch, loadItem, saveBatch, saveItem, type StoredBatch, type StoredItem } from '../batch/batchDb';
import { pairFiles } from '../batch/pairing';
import { batchCsv } from '../batch/table';
import { itemZipPaths, streamZip, type ZipEntrySource } from '../batch/zipResults';
import { StudioError, toErrorInfo } from '../errors';
import { ensureModelsInWorker, modelsToResend, tilingOverrides } from './modelSlice';
import type { BatchItemView, BatchSlice, Studio, StudioDeps } from './types';

/** What a dropped File says about its place in a picked folder. */
const named = (f: File | { file: File; path: string }) => {
  const file = f instanceof File ? f : f.file;
  const path = f instanceof File ? (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name : f.path;
  return { file, name: file.name, path };
};

const view = (it: StoredItem): BatchItemView => ({
  index: it.index, name: it.name, path: it.path, maskName: it.mask?.name, status: it.status, rows: it.rows, error: it.error,
});

/**
 * Studio batch (issue #13): many files or a whole folder, masks paired by name (batch/pairing.ts), run one at a
 * time through the worker's `batchItem` (nothing held there afterwards), every finished image's row and files
 * kept in IndexedDB (batch/batchDb.ts) at once — so Pause, a reload or a crash loses at most the image that was
 * running, and Resume goes on without redoing finished ones. Only actions talk to the worker.
 */
export const createBatchSlice = (deps: StudioDeps): StateCreator<Studio, [], [], BatchSlice> => (set, get) => {
  let pauseRequested = false;
  const update = (index: number, patch: Partial<BatchItemView>) =>
    set({ batchItems: get().batchItems.map((it) => (it.index === index ? { ...it, ...patch } : it)) });
  const fail = (e: unknown) => get().showError(e);

  return {
    batchItems: [],
    batchStatus: 'empty',
    batchProgress: null,
    batchNote: null,
    batchSettings: null,

    addBatchFiles: async (files) => {
      if (get().batchStatus === 'running' || get().batchStatus === 'pausing') return;
      const p = pairFiles(files.map(named));
      if (!p.items.length) return fail(new StudioError('not-an-image', `None of the ${files.length} files is an image (PNG, JPEG or TIFF)${p.skipped.length ? `; skipped: ${p.skipped.slice(0, 5).map((s) => s.name).join(', ')}` : ''}.`));
      const items: StoredItem[] = p.items.map((it, index) => ({
        index, name: it.image.name, path: it.image.path, file: it.image.file, status: 'queued',
        ...(it.mask ? { mask: { file: it.mask.file, name: it.mask.name } } : {}),
      }));
      const s = get();
      const settings: StoredBatch = {
        options: { modelId: s.modelId, backend: s.backendChoice, ...tilingOverrides(s) }, threshold: s.threshold, createdAt: Date.now(),
        unmatched: p.unmatchedMasks.map((m) => m.path), skipped: p.skipped.map((m) => m.path),
      };
      try {
        await saveBatch(settings, items);
      } catch (e) {
        fail(new StudioError('internal', `The batch could not be kept in this browser's storage (${toErrorInfo(e).message}); it will not survive a reload.`));
      }
      const masks = items.filter((i) => i.mask).length;
      set({
        batchItems: items.map(view), batchStatus: 'ready', batchProgress: null, batchSettings: { options: settings.options, threshold: settings.threshold },
        batchNote: `${items.length} images, ${masks} with a mask${settings.unmatched.length ? `; masks without an image: ${settings.unmatched.join(', ')}` : ''}${settings.skipped.length ? `; skipped (not images): ${settings.skipped.join(', ')}` : ''}.`,
      });
    },

    startBatch: async () => {
      const st = get().batchStatus;
      if (st === 'running' || st === 'pausing' || st === 'empty' || !get().batchSettings) return;
      if (get().runStatus === 'running' || get().compareStatus === 'running') return fail(new StudioError('internal', 'Wait for the current run to end before starting the batch.'));
      pauseRequested = false;
      set({ batchStatus: 'running', error: null });
      const settings = get().batchSettings!;
      try {
        if (modelsToResend(get(), deps.client.generation(), [settings.options.modelId]).length) await ensureModelsInWorker(get, set, deps, [settings.options.modelId]);
      } catch (e) {
        set({ batchStatus: 'paused' });
        return fail(e);
      }
      for (const it of get().batchItems) {
        if (it.status === 'done' || it.status === 'failed') continue;
        if (pauseRequested) break;
        const stored = await loadItem(it.index).catch(() => undefined);
        if (!stored) continue;
        update(it.index, { status: 'running' });
        set({ batchProgress: { index: it.index, progress: { stage: 'loading-model', done: 0, total: 1 } } });
        try {
          const bytes = await stored.file.arrayBuffer();
          const mask = stored.mask ? { bytes: await stored.mask.file.arrayBuffer(), name: stored.mask.name } : undefined;
          const r = await deps.client.batchItem({ bytes, name: stored.name, mask, options: settings.options, threshold: settings.threshold },
            (progress) => { if (get().batchStatus === 'running') set({ batchProgress: { index: it.index, progress } }); });
          const done: StoredItem = { ...stored, status: 'done', rows: r.rows, error: undefined, doneAt: Date.now(),
            ...(r.maskPng ? { maskPng: new Blob([r.maskPng as BlobPart], { type: 'image/png' }) } : {}),
            labelsTiff: new Blob([r.labelsTiff as BlobPart], { type: 'image/tiff' }) };
          await saveItem(done);
          update(it.index, { status: 'done', rows: r.rows, error: undefined });
        } catch (e) {
          const err = toErrorInfo(e);
          if (err.code === 'cancelled' || pauseRequested) {
            update(it.index, { status: 'queued' }); // paused mid-image: it runs again on resume
            break;
          }
          await saveItem({ ...stored, status: 'failed', error: err.message }).catch(() => undefined);
          update(it.index, { status: 'failed', error: err.message }); // one bad file fails its row, not the batch
        }
      }
      const left = get().batchItems.some((i) => i.status === 'queued');
      set({ batchStatus: left ? 'paused' : 'done', batchProgress: null });
    },

    pauseBatch: async () => {
      if (get().batchStatus !== 'running') return;
      pauseRequested = true;
      set({ batchStatus: 'pausing' });
      await deps.client.cancel().catch(() => undefined);
    },

    clearBatch: async () => {
      if (get().batchStatus === 'running' || get().batchStatus === 'pausing') return;
      await clearBatch().catch(fail);
      set({ batchItems: [], batchStatus: 'empty', batchProgress: null, batchNote: null, batchSettings: null });
    },

    restoreBatch: async () => {
      try {
        const b = await loadBatch();
        if (!b || !b.items.length) return;
        const items = b.items.map(view);
        const done = items.filter((i) => i.status !== 'queued').length;
        const left = items.length - done;
        set({
          batchItems: items, batchSettings: { options: b.batch.options, threshold: b.batch.threshold },
          batchStatus: left ? (done ? 'paused' : 'ready') : 'done',
          batchNote: `Batch restored from this browser: ${done} of ${items.length} images finished${left ? `, ${left} to go — Resume continues without redoing the finished ones` : ''}.`,
        });
      } catch (e) {
        fail(new StudioError('internal', `The kept batch could not be read (${toErrorInfo(e).message}).`));
      }
    },

    openBatchItem: async (index) => {
      const it = await loadItem(index).catch(() => undefined);
      const settings = get().batchSettings;
      if (!it || !settings) return;
      const file = new File([it.file], it.name);
      await get().openFile(file);
      if (get().image?.name !== it.name) return; // the open failed: its message is shown
      if (get().models.some((m) => m.id === settings.options.modelId)) get().setModel(settings.options.modelId);
      get().setThreshold(settings.threshold);
      if (it.mask) await get().openTruth(new File([it.mask.file], it.mask.name));
      await get().startRun();
    },

    downloadBatchCsv: async () => {
      const rows = get().batchItems.flatMap((i) => i.rows ?? []);
      deps.saveFile(new TextEncoder().encode(batchCsv(rows)), 'batch_results.csv', 'text/csv');
    },

    downloadBatchZip: async () => {
      try {
        const rows = get().batchItems.flatMap((i) => i.rows ?? []);
        const entries: ZipEntrySource['entries'] = [{ path: 'batch_results.csv', bytes: async () => new TextEncoder().encode(batchCsv(rows)) }];
        for (const i of get().batchItems) {
          if (i.status !== 'done') continue;
          const p = itemZipPaths(i.name);
          const blob = async (k: 'maskPng' | 'labelsTiff') => {
            const b = (await loadItem(i.index))?.[k];
            return b ? new Uint8Array(await b.arrayBuffer()) : undefined;
          };
          entries.push({ path: p.mask, bytes: () => blob('maskPng') }, { path: p.labels, bytes: () => blob('labelsTiff') });
        }
        if (!deps.saveStream) throw new StudioError('internal', 'Streamed downloads are not available here.');
        await deps.saveStream('batch_results.zip', 'application/zip', (write) => streamZip({ entries }, write));
      } catch (e) {
        fail(e);
      }
    },
  };
};
