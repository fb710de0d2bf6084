/**
 * The segmentation worker: implements SegmentWorkerApi (api.ts) and exposes it with comlink. Everything
 * large stays here (decoded images, probability maps, ground-truth masks); the main thread gets display RGBA,
 * summaries, metrics and PNG/TIFF bytes, all transferred.
 */
import { expose, transfer } from 'comlink';
import { toErrorInfo } from '../errors';
import { decodeImage } from '../io/decode';
import { encodeGrayPng } from '../io/encodePng';
import type { Raster } from '../io/types';
import { imageWarnings, replaceNonFinite } from '../io/warnings';
import { diffMapRgba } from '../metrics/diffMap';
import { StudioError } from '../errors';
import { thresholdMask } from '../tiling/threshold';
import type { ImageView, OverlayView, Progress, SegmentWorkerApi } from './api';
import { holdBaseline } from './baseline';
import { generateExample, listExamples } from './examples';
import { images, nextId, runs } from './held';
import { getCard, loadManifest } from './models';
import { displayRgba, overlayRgba } from './render';
import { labelsTiff, probTiff } from './exports';
import { dropTruth, errorOverlay, metricsFor, openTruth } from './truth';
import { runSegmentation, type CancelToken } from './run';
import { backendFor } from './session';
import { setStatusListener } from './status';
import { openUserModel } from './userModels';
import { holdLifeLock } from './lifeLock';
import { benchMetrics, crash, loseDevice, raiseGpuErrors } from './testHooks';

let current: { runId: string; token: CancelToken } | undefined;

/** Errors cross comlink as plain {code, message} objects (comlink would drop a class's own fields). */
async function plain<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toErrorInfo(e);
  }
}

function hold(r: Raster, name: string): ImageView {
  // NaN/Inf become the smallest finite value before anything else sees them (display, normalisation, tiling).
  const warnings = imageWarnings(r.data, replaceNonFinite(r.data)).map((w) => w.message);
  const id = nextId('img');
  images.put(id, { ...r, id, name });
  const rgba = displayRgba(r.data, r.width, r.height);
  const view: ImageView = { imageId: id, name, width: r.width, height: r.height, sampleType: r.sampleType, format: r.format, note: r.note, rgba, warnings };
  return transfer(view, [rgba.buffer]);
}

const impl = {
  listModels: () => plain(loadManifest),
  probeBackend: (choice, modelId) => plain(async () => backendFor(choice, modelId ? await getCard(modelId) : undefined)),
  onStatus: async (cb) => setStatusListener(cb),
  openImage: (bytes, name) => plain(async () => hold(await decodeImage(bytes, name), name)),
  openUserModel: (bytes, name) => plain(() => openUserModel(bytes, name)),
  listExamples: () => plain(listExamples),
  openExample: (id) => plain(async () => {
    const ex = await generateExample(id);
    return hold(ex, ex.name);
  }),
  segment: (imageId, options, onProgress) => plain(async () => {
    const img = images.get(imageId);
    const runId = nextId('run');
    const token: CancelToken = { cancelled: false };
    if (current) current.token.cancelled = true; // one run at a time: a new run supersedes the old one
    current = { runId, token };
    // Progress is fire-and-forget: a slow main thread must not stall the tiles.
    const report = (p: Progress) => void Promise.resolve(onProgress(p)).catch(() => undefined);
    try {
      const { summary, run } = await runSegmentation(img, runId, options, report, token);
      runs.put(runId, run);
      return summary;
    } finally {
      if (current?.runId === runId) current = undefined;
    }
  }),
  cancel: async (runId) => {
    if (current && (runId === undefined || runId === current.runId)) current.token.cancelled = true;
  },
  renderOverlay: (req) => plain(async () => {
    const run = runs.get(req.runId);
    const view: OverlayView = req.mode === 'errors'
      ? errorOverlay(run, req.threshold)
      : overlayRgba(run.prob, run.width, run.height, req.threshold, req.mode);
    return transfer(view, [view.rgba.buffer]);
  }),
  renderDiff: (runA, runB, threshold) => plain(async () => {
    const a = runs.get(runA), b = runs.get(runB);
    if (a.width !== b.width || a.height !== b.height) throw new StudioError('size-mismatch', `Runs ${runA} and ${runB} are of different sizes.`);
    const { rgba, counts } = diffMapRgba(a.prob, b.prob, threshold, a.width, a.height);
    return transfer({ width: a.width, height: a.height, rgba, counts }, [rgba.buffer]);
  }),
  exportMaskPng: (runId, threshold) => plain(async () => {
    const run = runs.get(runId);
    const mask = thresholdMask(run.prob, threshold);
    for (let i = 0; i < mask.length; i++) mask[i] *= 255;
    const png = encodeGrayPng(mask, run.width, run.height);
    return transfer(png, [png.buffer]);
  }),
  setGroundTruth: (imageId, bytes, name, invert) => plain(() => openTruth(images.get(imageId), bytes, name, invert)),
  clearGroundTruth: async (imageId) => dropTruth(imageId),
  metrics: (runId, threshold) => plain(() => metricsFor(runs.get(runId), threshold)),
  exportLabelsTiff: (runId, threshold) => plain(async () => {
    const tif = labelsTiff(runs.get(runId), threshold);
    return transfer(tif, [tif.buffer]);
  }),
  exportProbTiff: (runId) => plain(async () => {
    const tif = probTiff(runs.get(runId));
    return transfer(tif, [tif.buffer]);
  }),
  baselineOtsu: (imageId, options) => plain(async () => holdBaseline(images.get(imageId), options)),
  holdLifeLock: (name) => holdLifeLock(name),
  crash: () => plain(crash),
  loseDevice: () => plain(loseDevice),
  raiseGpuErrors: (n) => plain(() => raiseGpuErrors(n)),
  benchMetrics: (size, repeats) => plain(() => benchMetrics(size, repeats)),
} satisfies SegmentWorkerApi;

expose(impl);
