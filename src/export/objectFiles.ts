/**
 * Every per-object export of one label image in one call, for the segment CLI and the studio's worker:
 * measurements → filter → the files, keyed by the suffix that follows the image's base name.
 */
import { StudioError } from '../errors';
import { encodeGrayPng } from '../io/encodePng';
import { encodeTiff } from '../io/encodeTiff';
import { traceContours } from '../measure/contours';
import type { LabelImage } from '../measure/labelIndex';
import { measureObjects, type MicronPixelSize, type ObjectRow } from '../measure/regionprops';
import { objectsGeoJson, type Classification } from './geojson';
import { roiZip } from './imagejRoi';
import { filterLabels, filterObjects, type ObjectFilter } from './objectFilter';
import { objectsCsv } from './objectsCsv';

/** Export formats of `objectFiles`. */
export type ObjectFormat = 'labels' | 'mask' | 'csv' | 'geojson' | 'roi';

export const OBJECT_FORMATS: readonly ObjectFormat[] = ['labels', 'mask', 'csv', 'geojson', 'roi'];

/** File suffix of each format (after `<name>`). */
export const OBJECT_SUFFIX: Record<ObjectFormat, string> = {
  labels: '.labels.tif',
  mask: '.mask.png',
  csv: '.objects.csv',
  geojson: '.geojson',
  roi: '.roi.zip',
};

/** Options of `objectFiles`. */
export interface ObjectFilesOptions {
  raw?: Float32Array | null;
  pixelSize?: MicronPixelSize | null;
  filter?: ObjectFilter;
  classification?: Classification;
}

/**
 * Measure, filter and encode. `labels` (16-bit TIFF, kept labels only, numbers unchanged) and `mask` (PNG 0/255)
 * are written from the filtered label image, so every file describes the same objects.
 *
 * @returns suffix → file content (text for CSV/GeoJSON, bytes otherwise), and the kept rows
 * @throws StudioError('internal') for an unknown format; ('image-too-large') for labels above 65535 in a 16-bit TIFF
 */
export function objectFiles(img: LabelImage, formats: readonly ObjectFormat[], opts: ObjectFilesOptions = {}): { files: Record<string, Uint8Array | string>; rows: ObjectRow[] } {
  for (const f of formats) {
    if (!OBJECT_FORMATS.includes(f)) throw new StudioError('internal', `unknown export format "${String(f)}"; valid: ${OBJECT_FORMATS.join(', ')}`);
  }
  const measured = measureObjects(img, opts.raw, opts.pixelSize);
  const rows = filterObjects(measured, opts.filter);
  const dropped = rows.length !== measured.length;
  const kept = dropped ? filterLabels(img.labels, rows) : img.labels;
  const keptImg: LabelImage = { labels: kept, width: img.width, height: img.height };
  const files: Record<string, Uint8Array | string> = {};
  const needContours = formats.includes('geojson') || formats.includes('roi');
  const contours = needContours ? traceContours(keptImg) : new Map();
  for (const f of formats) {
    const suffix = OBJECT_SUFFIX[f];
    if (f === 'csv') files[suffix] = objectsCsv(rows);
    else if (f === 'geojson') files[suffix] = objectsGeoJson(rows, contours, opts.classification);
    else if (f === 'roi') files[suffix] = roiZip(rows.map((r) => ({ label: r.label, polygons: contours.get(r.label) ?? [] })));
    else if (f === 'mask') files[suffix] = encodeGrayPng(Uint8Array.from(kept, (v) => (v ? 255 : 0)), img.width, img.height);
    else files[suffix] = encodeTiff(toUint16(kept), img.width, img.height);
  }
  return { files, rows };
}

function toUint16(labels: Uint32Array | Uint16Array): Uint16Array {
  if (labels instanceof Uint16Array) return labels;
  const out = new Uint16Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 0xffff) throw new StudioError('image-too-large', `label ${labels[i]} does not fit a 16-bit label TIFF (at most 65535 objects)`);
    out[i] = labels[i];
  }
  return out;
}
