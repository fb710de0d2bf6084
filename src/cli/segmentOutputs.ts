/**
 * What `npm run segment` writes per image, and how `--resume` knows it is complete. Per image NAME in DIR:
 *   NAME.labels.tif  16-bit object labels, one page per plane, OME-TIFF with the input's pixel size and axes
 *   NAME.mask.png    0/255 foreground, when the labels have one plane (and `--formats` has mask)
 *   NAME.objects.csv, NAME.geojson, NAME.roi.zip  per-object measurements (skimage regionprops names), QuPath
 *                    detections and the ImageJ ROI set (export/objectFiles.ts), with `--formats`; for a stack
 *                    one set per plane, NAME.pK.objects.csv etc. (K = linear plane index). The labels are
 *                    always written: the summary, --resume and --merge rely on them.
 *   NAME.row.csv     this image's summary rows (header + one line per plane), written LAST
 * Every file is written to a temporary name in DIR and renamed (atomic on one file system), and the sidecar comes
 * after the others, so a run killed at any moment leaves either a complete image (sidecar present) or one that
 * `--resume` redoes. Per-plane formats go into `ImageWriter.plane`, per-image ones into `finish`.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { omeTiffLayout } from '../io/encodeOmeTiff';
import { stripBytes } from '../io/encodeTiff';
import { encodeGrayPng } from '../io/encodePng';
import type { ObjectFilter } from '../export/objectFilter';
import { OBJECT_SUFFIX, objectFiles, type ObjectFormat } from '../export/objectFiles';
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
/** Which files to write (`--formats`) and which objects the object files hold (`--min-area`). */
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

export interface ImageWriter {
  plane(p: PlaneResult): void;
  finish(): SummaryLine[];
  abort(): void;
}

export function openImageWriter(dir: string, meta: ImageMeta, output: OutputOptions = DEFAULT_OUTPUT): ImageWriter {
  const objectFormats = output.formats.filter((f) => OBJECT_ONLY.includes(f));
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
      if (planes === 1 && output.formats.includes('mask')) mask = p.mask;
      if (objectFormats.length) {
        // Measured and traced once for all object formats of this plane; written before the sidecar.
        const { files } = objectFiles({ labels: p.labels, width: meta.width, height: meta.height }, objectFormats, {
          raw: p.raw, pixelSize: meta.pixelSize ? { x: meta.pixelSize.x, y: meta.pixelSize.y } : null, filter: output.filter,
        });
        const paths = objectPaths(dir, meta.name, planes === 1 ? undefined : p.plane, objectFormats);
        objectFormats.forEach((f, i) => writeAtomic(paths[i], files[OBJECT_SUFFIX[f]]));
      }
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
export function writeImageOutputs(dir: string, r: ImageResult, output: OutputOptions = DEFAULT_OUTPUT): SummaryLine[] {
  const w = openImageWriter(dir, r, output);
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
export function completeOutputs(dir: string, name: string, formats: readonly ObjectFormat[] = DEFAULT_OUTPUT.formats): SummaryLine[] | undefined {
  const p = outputPaths(dir, name);
  if (!existsSync(p.row) || !existsSync(p.labels)) return undefined;
  let lines: SummaryLine[];
  try {
    lines = parseSummary(readFileSync(p.row, 'utf8'), p.row);
  } catch {
    return undefined;
  }
  if (!lines.length || lines.some((l) => l.name !== name)) return undefined;
  if (formats.includes('mask') && lines.length === 1 && !existsSync(p.mask) && !isBigTiff(p.labels)) return undefined; // streamed images have no mask PNG
  for (const l of lines) {
    if (objectPaths(dir, name, lines.length === 1 ? undefined : l.plane, formats).some((f) => !existsSync(f))) return undefined;
  }
  return lines;
}

/** True when the file starts with a little-endian BigTIFF header: the streamed route's labels (segmentStreamedImage.ts). */
export function isBigTiff(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = new Uint8Array(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b[0] === 0x49 && b[1] === 0x49 && b[2] === 43 && b[3] === 0;
  } finally {
    closeSync(fd);
  }
}
