/**
 * What `npm run segment` writes per image, and how `--resume` knows it is complete. Per image NAME in DIR:
 *   NAME.labels.tif  16-bit object labels, one page per plane, OME-TIFF with the input's pixel size and axes
 *   NAME.mask.png    0/255 foreground, when the labels have one plane
 *   NAME.row.csv     this image's summary rows (header + one line per plane), written LAST
 * Every file is written to a temporary name in DIR and renamed (atomic on one file system), and the sidecar comes
 * after the others, so a run killed at any moment leaves either a complete image (sidecar present) or one that
 * `--resume` redoes. Per-plane formats go into `ImageWriter.plane`, per-image ones into `finish`.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { omeTiffLayout } from '../io/encodeOmeTiff';
import { stripBytes } from '../io/encodeTiff';
import { encodeGrayPng } from '../io/encodePng';
import { formatRow, formatSummary, parseSummary, type SummaryLine } from './segmentCsv';
import type { ImageMeta, ImageResult, PlaneResult } from './segmentImage';

export const outputPaths = (dir: string, name: string) => ({
  labels: join(dir, `${name}.labels.tif`),
  mask: join(dir, `${name}.mask.png`),
  row: join(dir, `${name}.row.csv`),
});

/** Write bytes under a temporary name beside `path`, then rename over it: readers never see half a file. */
/** writeAtomic's temporary name beside `path` (process and thread, so parallel writers never share one). */
const tempName = (path: string) => `${path}.tmp-${process.pid}-${threadId}`;

export function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The outputs of one image, written as its planes come: the labels OME-TIFF's header first (its layout is known
 * from the geometry), then each plane's strip at its offset, so only the plane in hand is in memory. `plane` is
 * the per-plane step (the place for per-plane formats); `finish` renames the labels into place, writes the mask
 * of a one-plane result and, last, the sidecar; `abort` removes the temporary file.
 */
export interface ImageWriter {
  plane(p: PlaneResult): void;
  finish(): SummaryLine[];
  abort(): void;
}

export function openImageWriter(dir: string, meta: ImageMeta): ImageWriter {
  const paths = outputPaths(dir, meta.name);
  const layout = omeTiffLayout({ ...meta, name: `${meta.name}.labels` });
  const planes = meta.sizeZ * meta.sizeT;
  const tmp = tempName(paths.labels);
  const fd = openSync(tmp, 'w');
  let open = true;
  const close = () => { if (open) { open = false; closeSync(fd); } };
  const lines: SummaryLine[] = [];
  let mask: Uint8Array | undefined;
  try {
    writeSync(fd, layout.head, 0, layout.head.length, 0);
  } catch (e) {
    close();
    rmSync(tmp, { force: true });
    throw e;
  }
  return {
    plane(p) {
      const k = lines.length;
      if (k >= planes) throw new Error(`${meta.name}: more planes than the labels stack holds (${planes})`);
      const bytes = stripBytes(p.labels);
      writeSync(fd, bytes, 0, bytes.length, layout.stripOffsets[k]);
      if (planes === 1) mask = p.mask;
      lines.push(formatRow(p.row));
    },
    finish() {
      if (lines.length !== planes) throw new Error(`${meta.name}: ${lines.length} of ${planes} planes segmented`);
      close();
      renameSync(tmp, paths.labels);
      if (mask) writeAtomic(paths.mask, encodeGrayPng(mask.map((v) => (v ? 255 : 0)), meta.width, meta.height));
      writeAtomic(paths.row, formatSummary(lines)); // last: its presence says the image is complete
      return lines;
    },
    abort() {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

/** Write every output of a segmented image held in memory (tests, small scripts): a writer fed plane by plane. */
export function writeImageOutputs(dir: string, r: ImageResult): SummaryLine[] {
  const w = openImageWriter(dir, r);
  try {
    for (const p of r.planes) w.plane(p);
    return w.finish();
  } catch (e) {
    w.abort();
    throw e;
  }
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
