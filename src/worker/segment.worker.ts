/**
 * The segmentation worker: implements SegmentWorkerApi (api.ts) and exposes it with comlink. Everything
 * large stays here (decoded images, probability maps, ground-truth masks); the main thread gets display RGBA,
 * summaries, metrics and PNG/TIFF bytes, all transferred.
 */
import { expose, transfer } from 'comlink';
import { toErrorInfo } from '../errors';
import { encodeGrayPng } from '../io/encodePng';
import { openSource, openSourceFromBlob, rasterSource } from '../io/openSource';
import type { ImageSource } from '../io/source';
import { diffMapRgba } from '../metrics/diffMap';
import { StudioError } from '../errors';
import { thresholdMask } from '../tiling/threshold';
import type { EditPatch, OverlayView, Progress, SegmentWorkerApi } from './api';
import * as edit from './edit';
import { holdBaseline } from './baseline';
import { generateExample, listExamples } from './examples';
import { nextId, runs } from './held';
import { planeImage, viewFirstPlane, viewPlane } from './planes';
import { heldRun, runStack, stackMetrics } from './stack';
import { stackLabelsTiff } from './stackExport';
import { getCard, loadManifest } from './models';
import { overlayRgba } from './render';
import { labelsTiff, probTiff } from './exports';
import { dropTruth, errorOverlay, metricsFor, openTruth } from './truth';
import { runSegmentation, type CancelToken } from './run';
import { backendFor } from './session';
import { setStatusListener } from './status';
import { openUserModel } from './userModels';
import { holdLifeLock } from './lifeLock';
import { batchItem } from './batchItem';
import { benchMetrics, crash, loseDevice, raiseGpuErrors, setLargePixels } from './testHooks';
import { exportObjects, objectOutline, objectsTable } from './objects';
import { exportLargeRun, type LargeExportSink } from './largeExport';
import { largeRunCounts, largeRunProb, renderRunOverlay, segmentLargePlane } from './largeRun';
import { clearLargeTruth, largeMetrics, setLargeTruth } from './largeTruth';
import { cancelLargeAnalysis } from './largePace';
import { closePyramids, isLarge, openLarge, renderImageRegion } from './largeView';

let current: { runId: string; token: CancelToken } | undefined;

/** Errors cross comlink as plain {code, message} objects (comlink would drop a class's own fields). */
async function plain<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toErrorInfo(e);
  }
}

/** One run (plane or stack) at a time: a new one supersedes the old one; `cancel` reaches it by id. */
async function exclusive<T>(runId: string, f: (token: CancelToken) => Promise<T>): Promise<T> {
  const token: CancelToken = { cancelled: false };
  if (current) current.token.cancelled = true;
  current = { runId, token };
  try {
    return await f(token);
  } finally {
    if (current?.runId === runId) current = undefined;
  }
}

/** Progress is fire-and-forget: a slow main thread must not stall the tiles. */
const fireAndForget = <P = Progress>(onProgress: (p: P) => void) => (p: P) => void Promise.resolve(onProgress(p)).catch(() => undefined);

const shown = <T extends { rgba: Uint8ClampedArray }>(view: T): T => transfer(view, [view.rgba.buffer]);

const impl = {
  listModels: () => plain(loadManifest),
  probeBackend: (choice, modelId) => plain(async () => backendFor(choice, modelId ? await getCard(modelId) : undefined)),
  onStatus: async (cb) => setStatusListener(cb),
  openImage: (file, name) => plain(async () => {
    const t0 = performance.now();
    const source: ImageSource = file instanceof Blob ? await openSourceFromBlob(file, name) : await openSource(file, name);
    closePyramids(); // the large image shown before (if any) stops building its levels
    return isLarge(source) ? openLarge(source, t0) : shown(await viewFirstPlane(source));
  }),
  // ── Large images, view half (worker/largeView.ts) ──
  openLargeImage: (file, name) => plain(async () => {
    const t0 = performance.now();
    return openLarge(await openSourceFromBlob(file, name), t0);
  }),
  renderImageRegion: (sourceId, plane, req, window) => plain(async () => shown(await renderImageRegion(sourceId, plane, req, window))),
  viewPlane: (sourceId, plane, display) => plain(async () => shown(await viewPlane(sourceId, plane, display))),
  openUserModel: (bytes, name) => plain(() => openUserModel(bytes, name)),
  listExamples: () => plain(listExamples),
  openExample: (id) => plain(async () => {
    const ex = await generateExample(id);
    return shown(await viewFirstPlane(rasterSource(ex, ex.name)));
  }),
  segment: (imageId, options, onProgress) => plain(async () => {
    const img = await planeImage(imageId);
    const runId = nextId('run');
    return exclusive(runId, async (token) => {
      const { summary, run } = await runSegmentation(img, runId, options, fireAndForget(onProgress), token);
      runs.put(runId, run);
      return summary;
    });
  }),
  segmentStack: (sourceId, channel, options, onProgress) => plain(async () => {
    const stackId = nextId('stk');
    return exclusive(stackId, (token) => runStack(sourceId, channel, options, fireAndForget(onProgress), token, stackId));
  }),
  stackMetrics: (stackId, threshold) => plain(async () => stackMetrics(stackId, threshold)),
  exportStackLabels: (stackId, threshold) => plain(async () => {
    const tif = stackLabelsTiff(stackId, threshold);
    return transfer(tif, [tif.buffer]);
  }),
  batchItem: (req, onProgress) => plain(async () => {
    const r = await exclusive(nextId('run'), (token) => batchItem(req, fireAndForget(onProgress), token));
    return transfer(r, r.maskPng ? [r.maskPng.buffer, r.labelsTiff.buffer] : [r.labelsTiff.buffer]);
  }),
  cancel: async (runId) => {
    if (current && (runId === undefined || runId === current.runId)) current.token.cancelled = true;
  },
  renderOverlay: (req) => plain(async () => {
    const run = heldRun(req.runId);
    const view: OverlayView = req.mode === 'errors'
      ? errorOverlay(run, req.threshold)
      : overlayRgba(run.prob, run.width, run.height, req.threshold, req.mode);
    return transfer(view, [view.rgba.buffer]);
  }),
  renderDiff: (runA, runB, threshold) => plain(async () => {
    const a = heldRun(runA), b = heldRun(runB);
    if (a.width !== b.width || a.height !== b.height) throw new StudioError('size-mismatch', `Runs ${runA} and ${runB} are of different sizes.`);
    const { rgba, counts } = diffMapRgba(a.prob, b.prob, threshold, a.width, a.height);
    return transfer({ width: a.width, height: a.height, rgba, counts }, [rgba.buffer]);
  }),
  exportMaskPng: (runId, threshold) => plain(async () => {
    const run = heldRun(runId);
    const mask = thresholdMask(run.prob, threshold);
    for (let i = 0; i < mask.length; i++) mask[i] *= 255;
    const png = encodeGrayPng(mask, run.width, run.height);
    return transfer(png, [png.buffer]);
  }),
  setGroundTruth: (imageId, bytes, name, invert) => plain(async () => openTruth(await planeImage(imageId), bytes, name, invert)),
  clearGroundTruth: async (imageId) => dropTruth(imageId),
  metrics: (runId, threshold) => plain(() => metricsFor(heldRun(runId), threshold)),
  exportLabelsTiff: (runId, threshold) => plain(async () => {
    const run = heldRun(runId);
    const pixelSize = (await planeImage(run.imageId).catch(() => undefined))?.pixelSize;
    const tif = labelsTiff(run, threshold, pixelSize);
    return transfer(tif, [tif.buffer]);
  }),
  exportProbTiff: (runId) => plain(async () => {
    const tif = probTiff(heldRun(runId));
    return transfer(tif, [tif.buffer]);
  }),
  baselineOtsu: (imageId, options) => plain(async () => holdBaseline(await planeImage(imageId), options)),
  holdLifeLock: (name) => holdLifeLock(name),
  crash: () => plain(crash),
  // ── Objects (worker/objects.ts) ──
  objectsTable: (runId, threshold, source) => plain(async () => objectsTable(runId, threshold, source)),
  objectOutline: (runId, threshold, label, bbox, source) => plain(async () => objectOutline(runId, threshold, label, bbox, source)),
  exportObjects: (runId, threshold, format, filter, source) => plain(async () => {
    const bytes = await exportObjects(runId, threshold, format, filter, source);
    return transfer(bytes, [bytes.buffer]);
  }),
  loseDevice: () => plain(loseDevice),
  raiseGpuErrors: (n) => plain(() => raiseGpuErrors(n)),
  setLargePixels: (pixels) => plain(async () => setLargePixels(pixels)),
  benchMetrics: (size, repeats) => plain(() => benchMetrics(size, repeats)),

  // ───────────── Large images, run half (issue #12; worker/largeRun.ts) ─────────────
  // One exclusive run like `segment`: `cancel()` stops it between tile batches and the image's previous run stays.
  segmentLarge: (imageId, options, onProgress) => plain(() =>
    exclusive(`large:${imageId}`, (token) => segmentLargePlane(imageId, options, fireAndForget(onProgress), token))),
  renderRunOverlay: (runId, req, threshold) => plain(async () => shown(renderRunOverlay(runId, req, threshold))),
  // Counts and metrics are cooperative (largePace.ts): other calls get through while they read every tile.
  largeRunCounts: (runId, threshold, onProgress) => plain(() => largeRunCounts(runId, threshold, onProgress && fireAndForget(onProgress))),
  cancelLargeAnalysis: async () => cancelLargeAnalysis(),
  exportLargeRun: (runId, threshold, format, sink) => plain(() => exportLargeRun(runId, threshold, format, sink as LargeExportSink | undefined)),
  largeRunProb: (runId, rect) => plain(async () => {
    const p = largeRunProb(runId, rect);
    return transfer(p, [p.buffer]);
  }),
  // Ground truth of a streamed run (worker/largeTruth.ts): the File is read region by region, metrics tile by tile.
  // (not `exclusive`: that would cancel a run in progress)
  setLargeTruth: (imageId, file, name, invert, onProgress) => plain(() => setLargeTruth(imageId, file, name, invert, onProgress && fireAndForget(onProgress))),
  largeMetrics: (runId, threshold, onProgress) => plain(() => largeMetrics(runId, threshold, onProgress && fireAndForget(onProgress))),
  clearLargeTruth: (imageId) => plain(async () => clearLargeTruth(imageId)),

  // ───────────── Mask correction (issue #15; worker/edit.ts) ─────────────
  startEdit: (runId, threshold, view) => plain(async () => {
    const run = heldRun(runId);
    const s = edit.startEdit(run, await planeImage(run.imageId), threshold, view);
    return transfer(s, [s.rgba.buffer]);
  }),
  applyEdit: (editId, op, view) => plain(async () => sendPatch(edit.applyEdit(editId, op, view))),
  undoEdit: (editId, view) => plain(async () => sendPatch(edit.undoEdit(editId, view))),
  redoEdit: (editId, view) => plain(async () => sendPatch(edit.redoEdit(editId, view))),
  renderEditOverlay: (editId, view) => plain(async () => sendPatch(edit.renderEdit(editId, view))),
  dropEdit: async (editId) => edit.dropEdit(editId),
  exportEditedMaskPng: (editId) => plain(async () => {
    const png = edit.editedMaskPng(editId);
    return transfer(png, [png.buffer]);
  }),
  exportEditedLabelsTiff: (editId) => plain(async () => {
    const tif = edit.editedLabelsTiff(editId);
    return transfer(tif, [tif.buffer]);
  }),
  useEditAsTruth: (editId) => plain(async () => {
    const r = await edit.useEditAsTruth(editId);
    return transfer(r, [r.tiff.buffer]);
  }),
  editTrainingPair: (editId, name) => plain(async () => {
    const p = edit.editTrainingPair(editId, name);
    return transfer(p, [p.image.buffer, p.mask.buffer]);
  }),
} satisfies SegmentWorkerApi;

/** An edit's patch with its RGBA transferred (the page owns it afterwards). */
function sendPatch(p: EditPatch): EditPatch {
  return p.rgba ? transfer(p, [p.rgba.buffer]) : p;
}

expose(impl);
