/**
 * What `npm run segment` writes per image, and how `--resume` knows it is complete. Per image NAME in DIR:
 *   NAME.labels.tif  16-bit object labels, one page per plane, OME-TIFF with the input's pixel size and axes
 *   NAME.mask.png    0/255 foreground, when the labels have one plane
 *   NAME.objects.csv, NAME.geojson, NAME.roi.zip  per-object measurements (skimage regionprops names), QuPath
 *                    detections and the ImageJ ROI set (export/objectFiles.ts), with `--formats`; for a stack
 *                    one set per plane, NAME.pK.objects.csv etc. (K = linear plane index)
 *   NAME.row.csv     this image's summary rows (header + one line per plane), written LAST
 * Every file is written to a temporary name in DIR and renamed (atomic on one file system), and the sidecar comes
 * after the others, so a run killed at any moment leaves either a complete image (sidecar present) or one that
 * `--resume` redoes. New formats add a case to `imageFiles`. `--formats` (default labels,mask) picks the files.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { encodeGrayPng } from '../io/encodePng';
import type { ObjectFilter } from '../export/objectFilter';
import { OBJECT_SUFFIX, objectFiles, type ObjectFormat } from '../export/objectFiles';
import { formatRow, formatSummary, parseSummary, type SummaryLine } from './segmentCsv';
import type { ImageResult } from './segmentImage';

export const outputPaths = (dir: string, name: string) => ({
  labels: join(dir, `${name}.labels.tif`),
  mask: join(dir, `${name}.mask.png`),
  row: join(dir, `${name}.row.csv`),
});

/** Write bytes under a temporary name beside `path`, then rename over it: readers never see half a file. */
export function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}-${threadId}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Which files to write (`--formats`) and which objects they hold (`--min-area`). */
export interface OutputOptions {
  formats: ObjectFormat[];
  filter?: ObjectFilter;
}

const DEFAULT_OUTPUT: OutputOptions = { formats: ['labels', 'mask'] };
const OBJECT_ONLY: ObjectFormat[] = ['csv', 'geojson', 'roi'];

/** Paths of the per-object files of one plane (NAME.objects.csv …, or NAME.pK.objects.csv … in a stack). */
export function objectPaths(dir: string, name: string, plane: number | undefined, formats: readonly ObjectFormat[]): string[] {
  const base = plane === undefined ? name : `${name}.p${plane}`;
  return formats.filter((f) => OBJECT_ONLY.includes(f)).map((f) => join(dir, base + OBJECT_SUFFIX[f]));
}

/** The image's output files (except the sidecar): the one place to add a format. */
export function imageFiles(dir: string, r: ImageResult, output: OutputOptions = DEFAULT_OUTPUT): { path: string; bytes: () => Uint8Array | string }[] {
  const p = outputPaths(dir, r.name);
  const want = new Set(output.formats);
  const files: { path: string; bytes: () => Uint8Array | string }[] = [];
  if (want.has('labels')) files.push({
    path: p.labels,
    bytes: () => encodeOmeTiff({
      width: r.width, height: r.height, planes: r.planes.map((q) => q.labels), sizeZ: r.sizeZ, sizeT: r.sizeT,
      pixelSize: r.pixelSize, name: `${r.name}.labels`,
    }),
  });
  if (want.has('mask') && r.planes.length === 1) {
    const m = r.planes[0].mask;
    files.push({ path: p.mask, bytes: () => encodeGrayPng(m.map((v) => (v ? 255 : 0)), r.width, r.height) });
  }
  const objectFormats = output.formats.filter((f) => OBJECT_ONLY.includes(f));
  if (objectFormats.length) {
    for (const q of r.planes) {
      const paths = objectPaths(dir, r.name, r.planes.length === 1 ? undefined : q.plane, objectFormats);
      // One objectFiles call per plane measures and traces once for all its formats.
      let made: Record<string, Uint8Array | string> | undefined;
      const get = () => (made ??= objectFiles({ labels: q.labels, width: r.width, height: r.height }, objectFormats, {
        raw: q.raw, pixelSize: r.pixelSize ? { x: r.pixelSize.x, y: r.pixelSize.y } : null, filter: output.filter,
      }).files);
      objectFormats.forEach((f, i) => files.push({ path: paths[i], bytes: () => get()[OBJECT_SUFFIX[f]] }));
    }
  }
  return files;
}

/** Write every output of one image, sidecar last; returns its summary lines. */
export function writeImageOutputs(dir: string, r: ImageResult, output: OutputOptions = DEFAULT_OUTPUT): SummaryLine[] {
  for (const f of imageFiles(dir, r, output)) writeAtomic(f.path, f.bytes()); // one encoded file in memory at a time
  const lines = r.planes.map((q) => formatRow(q.row));
  writeAtomic(outputPaths(dir, r.name).row, formatSummary(lines));
  return lines;
}

/**
 * The summary lines of an image whose outputs are complete (sidecar readable and naming this image, labels
 * present, the mask too for one plane), else undefined: `--resume` then segments it again.
 */
export function completeOutputs(dir: string, name: string, formats: readonly ObjectFormat[] = DEFAULT_OUTPUT.formats): SummaryLine[] | undefined {
  const p = outputPaths(dir, name);
  if (!existsSync(p.row) || (formats.includes('labels') && !existsSync(p.labels))) return undefined;
  let lines: SummaryLine[];
  try {
    lines = parseSummary(readFileSync(p.row, 'utf8'), p.row);
  } catch {
    return undefined;
  }
  if (!lines.length || lines.some((l) => l.name !== name)) return undefined;
  if (formats.includes('mask') && lines.length === 1 && !existsSync(p.mask)) return undefined;
  for (const l of lines) {
    if (objectPaths(dir, name, lines.length === 1 ? undefined : l.plane, formats).some((f) => !existsSync(f))) return undefined;
  }
  return lines;
}
