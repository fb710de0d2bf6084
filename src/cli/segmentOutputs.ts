/**
 * What `npm run segment` writes per image, and how `--resume` knows it is complete. Per image NAME in DIR:
 *   NAME.labels.tif  16-bit object labels, one page per plane, OME-TIFF with the input's pixel size and axes
 *   NAME.mask.png    0/255 foreground, when the labels have one plane
 *   NAME.row.csv     this image's summary rows (header + one line per plane), written LAST
 * Every file is written to a temporary name in DIR and renamed (atomic on one file system), and the sidecar comes
 * after the others, so a run killed at any moment leaves either a complete image (sidecar present) or one that
 * `--resume` redoes. New formats add a case to `imageFiles`.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { encodeGrayPng } from '../io/encodePng';
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

/** The image's output files (except the sidecar): the one place to add a format. */
export function imageFiles(dir: string, r: ImageResult): { path: string; bytes: () => Uint8Array }[] {
  const p = outputPaths(dir, r.name);
  const files = [{
    path: p.labels,
    bytes: () => encodeOmeTiff({
      width: r.width, height: r.height, planes: r.planes.map((q) => q.labels), sizeZ: r.sizeZ, sizeT: r.sizeT,
      pixelSize: r.pixelSize, name: `${r.name}.labels`,
    }),
  }];
  if (r.planes.length === 1) {
    const m = r.planes[0].mask;
    files.push({ path: p.mask, bytes: () => encodeGrayPng(m.map((v) => (v ? 255 : 0)), r.width, r.height) });
  }
  return files;
}

/** Write every output of one image, sidecar last; returns its summary lines. */
export function writeImageOutputs(dir: string, r: ImageResult): SummaryLine[] {
  for (const f of imageFiles(dir, r)) writeAtomic(f.path, f.bytes()); // one encoded file in memory at a time
  const lines = r.planes.map((q) => formatRow(q.row));
  writeAtomic(outputPaths(dir, r.name).row, formatSummary(lines));
  return lines;
}

/**
 * The summary lines of an image whose outputs are complete (sidecar readable and naming this image, labels
 * present, the mask too for one plane), else undefined: `--resume` then segments it again.
 */
export function completeOutputs(dir: string, name: string): SummaryLine[] | undefined {
  const p = outputPaths(dir, name);
  if (!existsSync(p.row) || !existsSync(p.labels)) return undefined;
  let lines: SummaryLine[];
  try {
    lines = parseSummary(readFileSync(p.row, 'utf8'), p.row);
  } catch {
    return undefined;
  }
  if (!lines.length || lines.some((l) => l.name !== name)) return undefined;
  if (lines.length === 1 && !existsSync(p.mask)) return undefined;
  return lines;
}
