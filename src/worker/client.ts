/**
 * Main-thread handle on the segmentation worker: the only place that calls `wrap<SegmentWorkerApi>()`
 * (STYLE §2.2). Buffers go across with `transfer`, callbacks with `proxy`. If the worker dies (a load error,
 * an uncaught exception, out of memory, a crash that ends it without any event) pending calls reject with a
 * 'worker-lost' StudioError, the page's `onLost` callback hears of it at once, and the next call starts a fresh
 * worker; `restart()` does the same on purpose (a run that does not stop when cancelled) without `onLost`.
 * A silent death is noticed through a Web Lock the worker holds for its whole life (`holdLifeLock`): the page
 * asks for the same lock, which is granted the moment the worker is gone — no heartbeat, no polling.
 * The page's status callback (`onStatus`, device loss and GPU errors) is kept here and registered on every
 * worker this module starts, so a restarted worker reports to the page as the first one did.
 */
import type { AnalysisProgress } from './largePace';
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { StudioError } from '../errors';
import type { ChannelPick, PlaneSelection, Rect } from '../io/source';
import type { LargeExportFormat, LargeImageView, LargeProgress, RegionRequest } from './largeApi';
import type { BackendChoice, BaselineOptions, ImageView, BatchItemRequest, DisplaySettings, EditOp, EditView, ObjectFilter, ObjectFormat, ObjectSource, OverlayRequest, Progress, SegmentOptions, SegmentWorkerApi, WorkerStatus } from './api';

interface Live {
  worker: Worker;
  api: Remote<SegmentWorkerApi>;
  /** Rejects when the worker reports an error event or is stopped; every call races against it. */
  died: Promise<never>;
  fail: (e: unknown) => void;
  /** The status callback's registration on this worker, when there was one to register at its start. */
  statusRegistered?: Promise<void>;
}

/** A `?fixtures=1` page starts its worker in test mode (worker/testHooks.ts answers only there). */
const testMode = typeof location !== 'undefined' && new URLSearchParams(location.search).get('fixtures') === '1';

let live: Live | undefined;
/** The page's status callback, registered on each new worker (see the header). */
let statusListener: ((s: WorkerStatus) => void) | undefined;
/** Bumped on every restart, so the store can tell that ids from the old worker are gone. */
let generation = 0;

function start(): Live {
  const worker = new Worker(new URL('./segment.worker.ts', import.meta.url), { type: 'module', name: testMode ? 'segment-test' : 'segment' });
  const api = wrap<SegmentWorkerApi>(worker);
  let fail!: (e: unknown) => void;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined);
  const me: Live = { worker, api, died, fail };
  // Sent before any other call on this worker (comlink keeps message order), so no status is missed. A failure
  // is logged here; the worker dying is also reported by the call that started it.
  if (statusListener) {
    me.statusRegistered = registerStatus(me, statusListener);
    me.statusRegistered.catch((e) => console.error('could not register the status callback on the new worker:', e));
  }
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    lost(me, ev.message || 'it could not start');
  });
  watchLife(me);
  return me;
}

let lockSerial = 0;

/** Notice a worker that ends without an error event (see the header): its life lock becomes free. */
function watchLife(me: Live): void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return; // no Web Locks (old browser, Node tests): only the error event tells
  const name = `segment-worker-life-${Date.now()}-${++lockSerial}-${Math.random().toString(36).slice(2)}`;
  Promise.race([me.api.holdLifeLock(name), me.died])
    .then((held) => {
      if (held && live === me) void locks.request(name, async () => lost(me, 'it ended unexpectedly: out of memory or a crash'));
    })
    .catch(() => undefined); // died before it held the lock: the death was reported already
}

/** The worker `me` died on its own: stop it (if still current) and tell the page. */
function lost(me: Live, why: string): void {
  if (live !== me) return; // stopped on purpose, or already reported
  const reason = new StudioError('worker-lost', `The segmentation worker stopped (${why}).`);
  stop(reason);
  lostListener?.(reason.message);
}

/** The page's callback for a worker that died on its own (not for `restart()`). */
let lostListener: ((message: string) => void) | undefined;

function registerStatus(on: Live, cb: (s: WorkerStatus) => void): Promise<void> {
  return Promise.race([on.api.onStatus(proxy(cb)), on.died]);
}

function stop(reason: StudioError): void {
  if (!live) return;
  live.fail(reason);
  live.api[releaseProxy]();
  live.worker.terminate();
  live = undefined;
  generation++;
}

function call<T>(f: (api: Remote<SegmentWorkerApi>) => Promise<T>): Promise<T> {
  live ??= start();
  return Promise.race([f(live.api), live.died]);
}

/** Typed calls into the worker; large inputs are transferred (the caller's ArrayBuffer is detached). */
export const workerClient = {
  listModels: () => call((w) => w.listModels()),
  probeBackend: (choice: BackendChoice, modelId?: string) => call((w) => w.probeBackend(choice, modelId)),
  /** Keep `cb` as the page's status callback: registered on the running worker now and on every later one. */
  onStatus: (cb: (s: WorkerStatus) => void): Promise<void> => {
    statusListener = cb;
    if (live) return registerStatus(live, cb);
    live = start();
    return live.statusRegistered!; // start() registered it
  },
  /** A File/Blob is cloned without copying its data (the worker reads regions of it); an ArrayBuffer is transferred. */
  openImage: (file: Blob | ArrayBuffer, name: string) => call<ImageView | LargeImageView>((w) => w.openImage(file instanceof Blob ? file : transfer(file, [file]), name)),
  openLargeImage: (file: Blob, name: string) => call((w) => w.openLargeImage(file, name)),
  renderImageRegion: (sourceId: string, plane: PlaneSelection, req: RegionRequest, window: [number, number]) =>
    call((w) => w.renderImageRegion(sourceId, plane, req, window)),
  openUserModel: (bytes: ArrayBuffer, name: string) => call((w) => w.openUserModel(transfer(bytes, [bytes]), name)),
  viewPlane: (sourceId: string, plane: PlaneSelection, display?: DisplaySettings) => call((w) => w.viewPlane(sourceId, plane, display)),
  listExamples: () => call((w) => w.listExamples()),
  openExample: (id: string) => call((w) => w.openExample(id)),
  segment: (imageId: string, options: SegmentOptions, onProgress: (p: Progress) => void) =>
    call((w) => w.segment(imageId, options, proxy(onProgress))),
  segmentStack: (sourceId: string, channel: ChannelPick, options: SegmentOptions, onProgress: (p: Progress) => void) =>
    call((w) => w.segmentStack(sourceId, channel, options, proxy(onProgress))),
  stackMetrics: (stackId: string, threshold: number) => call((w) => w.stackMetrics(stackId, threshold)),
  exportStackLabels: (stackId: string, threshold: number) => call((w) => w.exportStackLabels(stackId, threshold)),
  cancel: (runId?: string) => call((w) => w.cancel(runId)),
  renderOverlay: (req: OverlayRequest) => call((w) => w.renderOverlay(req)),
  renderDiff: (runA: string, runB: string, threshold: number) => call((w) => w.renderDiff(runA, runB, threshold)),
  exportMaskPng: (runId: string, threshold: number) => call((w) => w.exportMaskPng(runId, threshold)),
  setGroundTruth: (imageId: string, bytes: ArrayBuffer, name: string, invert: boolean) =>
    call((w) => w.setGroundTruth(imageId, transfer(bytes, [bytes]), name, invert)),
  clearGroundTruth: (imageId: string) => call((w) => w.clearGroundTruth(imageId)),
  metrics: (runId: string, threshold: number) => call((w) => w.metrics(runId, threshold)),
  exportLabelsTiff: (runId: string, threshold: number) => call((w) => w.exportLabelsTiff(runId, threshold)),
  exportProbTiff: (runId: string) => call((w) => w.exportProbTiff(runId)),
  baselineOtsu: (imageId: string, options: BaselineOptions) => call((w) => w.baselineOtsu(imageId, options)),
  /** Call `cb(message)` whenever the worker dies on its own (a fresh one starts on the next call). */
  onLost: (cb: (message: string) => void): void => {
    lostListener = cb;
  },
  /** One batch item (its bytes and its mask's are transferred). */
  batchItem: (req: BatchItemRequest, onProgress: (p: Progress) => void) =>
    call((w) => w.batchItem(transfer(req, req.mask ? [req.bytes, req.mask.bytes] : [req.bytes]), proxy(onProgress))),
  // Objects (worker/objects.ts)
  objectsTable: (runId: string, threshold: number, source: ObjectSource = 'prediction') => call((w) => w.objectsTable(runId, threshold, source)),
  objectOutline: (runId: string, threshold: number, label: number, bbox: [number, number, number, number], source: ObjectSource = 'prediction') =>
    call((w) => w.objectOutline(runId, threshold, label, bbox, source)),
  exportObjects: (runId: string, threshold: number, format: ObjectFormat, filter: ObjectFilter, source: ObjectSource = 'prediction') =>
    call((w) => w.exportObjects(runId, threshold, format, filter, source)),
  // Large images, run half (issue #12; worker/largeRun.ts).
  segmentLarge: (imageId: string, options: SegmentOptions, onProgress: (p: LargeProgress) => void) =>
    call((w) => w.segmentLarge(imageId, options, proxy(onProgress))),
  renderRunOverlay: (runId: string, req: RegionRequest, threshold: number) => call((w) => w.renderRunOverlay(runId, req, threshold)),
  largeRunCounts: (runId: string, threshold: number, onProgress?: (p: AnalysisProgress) => void) =>
    call((w) => w.largeRunCounts(runId, threshold, onProgress && proxy(onProgress))),
  /** Stop the large counts / metrics / mask reading in progress (worker/largePace.ts). */
  cancelLargeAnalysis: () => call((w) => w.cancelLargeAnalysis()),
  largeRunProb: (runId: string, rect: Rect) => call((w) => w.largeRunProb(runId, rect)),
  /** Ground truth of a large image plane: the mask File is cloned without copying its data (worker/largeTruth.ts). */
  setLargeTruth: (imageId: string, file: Blob, name: string, invert = false, onProgress?: (p: AnalysisProgress) => void) =>
    call((w) => w.setLargeTruth(imageId, file, name, invert, onProgress && proxy(onProgress))),
  largeMetrics: (runId: string, threshold: number, onProgress?: (p: AnalysisProgress) => void) =>
    call((w) => w.largeMetrics(runId, threshold, onProgress && proxy(onProgress))),
  clearLargeTruth: (imageId: string) => call((w) => w.clearLargeTruth(imageId)),
  /** A WritableStream (e.g. a FileSystemWritableFileStream) is transferred; file and folder handles are cloned. */
  exportLargeRun: (runId: string, threshold: number, format: LargeExportFormat, sink?: FileSystemFileHandle | FileSystemDirectoryHandle | WritableStream) =>
    call((w) => w.exportLargeRun(runId, threshold, format, sink instanceof WritableStream ? transfer(sink, [sink as unknown as Transferable]) : sink)),
  // Mask correction (issue #15).
  startEdit: (runId: string, threshold: number, view: EditView) => call((w) => w.startEdit(runId, threshold, view)),
  applyEdit: (editId: string, op: EditOp, view: EditView) => call((w) => w.applyEdit(editId, op, view)),
  undoEdit: (editId: string, view: EditView) => call((w) => w.undoEdit(editId, view)),
  redoEdit: (editId: string, view: EditView) => call((w) => w.redoEdit(editId, view)),
  renderEditOverlay: (editId: string, view: EditView) => call((w) => w.renderEditOverlay(editId, view)),
  dropEdit: (editId: string) => call((w) => w.dropEdit(editId)),
  exportEditedMaskPng: (editId: string) => call((w) => w.exportEditedMaskPng(editId)),
  exportEditedLabelsTiff: (editId: string) => call((w) => w.exportEditedLabelsTiff(editId)),
  useEditAsTruth: (editId: string) => call((w) => w.useEditAsTruth(editId)),
  editTrainingPair: (editId: string, name: string) => call((w) => w.editTrainingPair(editId, name)),
  /** Test hooks (worker/testHooks.ts; `?fixtures=1` only). */
  /** End the worker as a crash would (it answers nothing); resolves at once. */
  crashWorker: (): Promise<void> => call((w) => w.crash()).catch(() => undefined),
  loseDevice: () => call((w) => w.loseDevice()),
  raiseGpuErrors: (n: number) => call((w) => w.raiseGpuErrors(n)),
  /** Test hook: planes over `pixels` open as large images (none: back to the default). */
  setLargePixels: (pixels?: number) => call((w) => w.setLargePixels(pixels)),
  benchMetrics: (size: number, repeats?: number) => call((w) => w.benchMetrics(size, repeats)),
  /** Terminate the worker (its pending calls reject with `reason`); the next call starts a fresh one. */
  restart: (reason: StudioError): void => stop(reason),
  generation: (): number => generation,
};

export type WorkerClient = typeof workerClient;

/** In test mode, e2e specs and the benchmark reach the test hooks from the page: `window.__studioTest`. */
if (testMode) (globalThis as { __studioTest?: unknown }).__studioTest = {
  loseDevice: workerClient.loseDevice, raiseGpuErrors: workerClient.raiseGpuErrors, benchMetrics: workerClient.benchMetrics,
  crashWorker: workerClient.crashWorker,
  // the whole client, for e2e/largeRun.spec.ts and the Chromium large bench (worker calls the page has no button for)
  client: workerClient,
};
