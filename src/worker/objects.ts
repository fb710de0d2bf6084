/**
 * Objects of a run at a threshold (worker side): the 8-connected components of the thresholded probability map
 * (the same labels as "Labels (TIFF)"), measured against the run's raw image (measure/regionprops.ts) and
 * exported (export/objectFiles.ts). The labels of the last (run, threshold) are kept, so sorting, outlining and
 * exporting after the table was computed do not label the mask again.
 */
import { StudioError } from '../errors';
import { objectFiles, type ObjectFormat } from '../export/objectFiles';
import type { ObjectFilter } from '../export/objectFilter';
import { labelComponents } from '../metrics/components';
import { traceContours, type ObjectPolygon } from '../measure/contours';
import { measureObjects, type MicronPixelSize, type ObjectRow } from '../measure/regionprops';
import { thresholdMask } from '../tiling/threshold';
import { type HeldRun } from './held';
import { planeImage } from './planes';
import { heldRun } from './stack';

/** What `objectsTable` returns. */
export interface ObjectsView {
  runId: string;
  threshold: number;
  width: number;
  height: number;
  /** Measured against the raw image (false when the worker no longer holds it: intensities are NaN). */
  withIntensity: boolean;
  pixelSize: MicronPixelSize | null;
  rows: ObjectRow[];
}

let cached: { runId: string; threshold: number; labels: Uint32Array } | undefined;

function labelsOf(run: HeldRun, threshold: number): Uint32Array {
  if (cached && cached.runId === run.id && cached.threshold === threshold) return cached.labels;
  const { labels } = labelComponents(thresholdMask(run.prob, threshold), run.width, run.height);
  cached = { runId: run.id, threshold, labels };
  return labels;
}

/** The run's raw plane (read again from its source when the plane cache dropped it), for intensities and µm. */
async function rawOf(run: HeldRun): Promise<{ raw: Float32Array | null; pixelSize: MicronPixelSize | null }> {
  const img = await planeImage(run.imageId).catch(() => undefined);
  if (!img || img.width !== run.width || img.height !== run.height) return { raw: null, pixelSize: null };
  // ImageSource-based images carry a pixel size (io/source.ts); the interim Raster does not.
  const ps = (img as { pixelSize?: MicronPixelSize }).pixelSize;
  return { raw: img.data, pixelSize: ps ? { x: ps.x, y: ps.y } : null };
}

/** Measure every object of a run at `threshold`. */
export async function objectsTable(runId: string, threshold: number): Promise<ObjectsView> {
  const run = heldRun(runId);
  const labels = labelsOf(run, threshold);
  const { raw, pixelSize } = await rawOf(run);
  const rows = measureObjects({ labels, width: run.width, height: run.height }, raw, pixelSize);
  return { runId, threshold, width: run.width, height: run.height, withIntensity: raw !== null, pixelSize, rows };
}

/** One object's outline (pixel corners), for the viewer's highlight. */
export function objectOutline(runId: string, threshold: number, label: number, bbox: [number, number, number, number]): ObjectPolygon[] {
  const run = heldRun(runId);
  const labels = labelsOf(run, threshold);
  return traceContours({ labels, width: run.width, height: run.height }, { label, bbox }).get(label) ?? [];
}

/** One export file of the filtered objects: 'csv' | 'geojson' | 'roi' (| 'labels' | 'mask'). */
export async function exportObjects(runId: string, threshold: number, format: ObjectFormat, filter: ObjectFilter): Promise<Uint8Array> {
  const run = heldRun(runId);
  const labels = labelsOf(run, threshold);
  const { raw, pixelSize } = await rawOf(run);
  const { files } = objectFiles({ labels, width: run.width, height: run.height }, [format], { raw, pixelSize, filter });
  const content = Object.values(files)[0];
  if (content === undefined) throw new StudioError('internal', `no ${format} export was made`);
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}
