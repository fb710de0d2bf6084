import type { StateCreator } from 'zustand';
import { metricsCsv, metricsJson } from '../metrics/report';
import { largeTruthOf } from './largeTruth';
import type { ExportSlice, Studio, StudioDeps } from './types';

/** "cells.tif", "labels.tif" → "cells_labels.tif" (the mask PNG keeps viewSlice's maskFileName). */
export const exportFileName = (imageName: string, suffix: string): string =>
  `${imageName.replace(/\.[^./\\]+$/, '') || 'image'}_${suffix}`;

/**
 * Downloads of the current result: object labels (16-bit TIFF) and probabilities (float32 TIFF) made in the
 * worker, and the metrics as CSV/JSON (metrics/report.ts). Metrics are fetched again at the current threshold
 * so the file always matches the slider, even while a metrics refresh is still on its way; for a large image the
 * Metrics panel's view is used when it is at the slider's threshold, since another costs a pass over every tile.
 */
export const createExportSlice = (deps: StudioDeps): StateCreator<Studio, [], [], ExportSlice> => (_set, get) => {
  const save = async (make: () => Promise<[Uint8Array, string, string] | null>) => {
    try {
      const file = await make();
      if (file) deps.saveFile(...file);
    } catch (e) {
      get().showError(e);
    }
  };
  const imageName = () => get().largeImage?.name ?? get().image?.name ?? 'image';
  /** The metrics at the slider: a large image's from its panel when they are at that threshold (a pass over every tile otherwise). */
  const metricsAtSlider = async () => {
    const s = get();
    if (s.largeImage) {
      if (!s.largeRun || !largeTruthOf(s)) return null;
      const held = s.metrics;
      return held && held.runId === s.largeRun.runId && held.threshold === s.threshold ? held : deps.client.largeMetrics(s.largeRun.runId, s.threshold);
    }
    if (!s.result || !s.groundTruth) return null;
    return deps.client.metrics(s.result.runId, s.threshold);
  };
  return {
    downloadLabels: () => save(async () => {
      const { result, threshold } = get();
      if (!result) return null;
      return [await deps.client.exportLabelsTiff(result.runId, threshold), exportFileName(imageName(), 'labels.tif'), 'image/tiff'];
    }),
    downloadProb: () => save(async () => {
      const { result } = get();
      if (!result) return null;
      return [await deps.client.exportProbTiff(result.runId), exportFileName(imageName(), 'prob.tif'), 'image/tiff'];
    }),
    downloadMetrics: (kind) => save(async () => {
      const m = await metricsAtSlider();
      if (!m) return null;
      const text = kind === 'csv' ? metricsCsv(m) : metricsJson(m);
      return [new TextEncoder().encode(text), exportFileName(imageName(), `metrics.${kind}`), kind === 'csv' ? 'text/csv' : 'application/json'];
    }),
  };
};
