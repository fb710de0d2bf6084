/**
 * The classical baseline in the worker: Otsu + small-object removal (baseline/otsuSegment.ts) on the held raw
 * image, stored as a run whose probability map is the 0/1 mask. Everything that takes a runId — mask and
 * contour overlays, metrics against the ground truth, the difference map, PNG/TIFF exports — then works on it
 * unchanged, and a network's run and the baseline are scored by the very same code.
 */

/** The held baseline run of each image: a new baseline replaces it, so changing its settings never evicts a
 * network's run from the small run LRU (held.ts). */
const latest = new Map<string, string>();

/** Run the baseline on a held image and hold it as a run (replacing that image's previous baseline run). */
export function holdBaseline(img: HeldImage, options: BaselineOptions): BaselineSummary {
  const { summary, run } = runBaseline(img, nextId('run'), options);
  const old = latest.get(img.id);
  if (old) runs.delete(old);
  runs.put(run.id, run);
  latest.set(img.id, run.id);
  return summary;
}
import { BASELINE_MODEL_ID, otsuSegment } from '../baseline/otsuSegment';
import { StudioError } from '../errors';
import type { BaselineOptions, BaselineSummary } from './api';
import { nextId, runs, type HeldImage, type HeldRun } from './held';

export function runBaseline(img: HeldImage, runId: string, options: BaselineOptions): { summary: BaselineSummary; run: HeldRun } {
  if (options.polarity !== 'bright' && options.polarity !== 'dark') {
    throw new StudioError('internal', `Baseline polarity must be "bright" or "dark", got "${String(options.polarity)}".`);
  }
  if (!(options.minArea >= 0) || !Number.isFinite(options.minArea)) {
    throw new StudioError('internal', `Baseline minimum object area must be a number ≥ 0, got ${options.minArea}.`);
  }
  const t0 = performance.now();
  const r = otsuSegment(img, options);
  const prob = Float32Array.from(r.mask);
  const ms = performance.now() - t0;
  const summary: BaselineSummary = {
    runId, imageId: img.id, modelId: BASELINE_MODEL_ID, width: img.width, height: img.height,
    tiles: 0, tile: 0, halo: 0, blend: 'crop', ms, inferenceMs: 0, pipeline: 'cpu',
    // No network and no backend: plain TypeScript on the worker's CPU (the type has no third kind).
    backend: { backend: 'wasm', adapter: 'CPU (TypeScript, no network)', software: false, threads: 1, note: 'classical baseline: Otsu threshold + small-object removal' },
    baseline: { ...options, threshold: r.threshold, objects: r.objects, removedObjects: r.removedObjects, foregroundPixels: r.foregroundPixels },
  };
  return { summary, run: { id: runId, imageId: img.id, imageName: img.name, modelId: BASELINE_MODEL_ID, width: img.width, height: img.height, prob } };
}
