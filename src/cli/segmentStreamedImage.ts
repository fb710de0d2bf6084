/**
 * The large-image route of `npm run segment`: a plane above --stream-above megapixels is not read whole but
 * streamed through segmentLarge.ts (region reads of the file, 16-bit probability and 32-bit label tiles that
 * spill to temp files beyond --budget-mb, labels written tile by tile as a tiled BigTIFF). Outputs follow
 * segmentOutputs.ts: NAME.labels.tif (renamed into place when complete), then the NAME.row.csv sidecar; there
 * is no mask PNG (a PNG is encoded whole), and the labels being a BigTIFF is what --resume checks instead.
 * --ome-zarr adds NAME.ome.zarr (image + labels pyramids, OME-NGFF 0.4), renamed into place when complete.
 * With a mask, pixel IoU/Dice are counted tile by tile; object F1 (one-to-one matching) is left empty.
 */
import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { StudioError } from '../errors';
import { openSourceFromFile } from '../io/openSourceNode';
import type { ImageSource } from '../io/source';
import { scores } from '../metrics/scores';
import type { ModelSession } from './nodeSession';
import { formatRow, formatSummary, type SummaryLine, type SummaryRow } from './segmentCsv';
import { pickChannel, pickPlanes, type ImageOptions } from './segmentImage';
import { segmentLarge } from './segmentLarge';
import { outputPaths, writeAtomic } from './segmentOutputs';

/** Default --stream-above: planes over 25 megapixels (a 5000² image; ~0.7 GB on the whole-image path) are streamed. */
export const STREAM_ABOVE_MP = 25;

/** True when the file starts with a TIFF or BigTIFF signature (II/MM, 42/43); false when it cannot be read. */
function isTiff(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false; // the whole-image route reports the unreadable file as before
  }
  try {
    const b = new Uint8Array(4);
    if (readSync(fd, b, 0, 4, 0) < 4) return false;
    const le = b[0] === 0x49 && b[1] === 0x49, be = b[0] === 0x4d && b[1] === 0x4d;
    const v = le ? b[2] | (b[3] << 8) : (b[2] << 8) | b[3];
    return (le || be) && (v === 42 || v === 43);
  } finally {
    closeSync(fd);
  }
}

/** The file's source when its planes are above the streaming threshold (header only read), else undefined. */
export async function openIfLarge(path: string, opts: Pick<ImageOptions, 'streamAboveMp'>): Promise<ImageSource | undefined> {
  if (!isTiff(path)) return undefined; // PNG/JPEG are decoded whole (≤ 100 MP): the whole-image route takes them
  const src = await openSourceFromFile(path);
  if ((src.width * src.height) / 1e6 > (opts.streamAboveMp ?? STREAM_ABOVE_MP)) return src;
  src.close?.();
  return undefined;
}

/** Segment one large image (one plane) from its open source and write its outputs, sidecar last. */
export async function processStreamedImage(
  src: ImageSource, model: ModelSession, name: string, out: string, opts: ImageOptions,
): Promise<SummaryLine[]> {
  const p = outputPaths(out, name);
  const tmp = `${p.labels}.tmp-${process.pid}-${threadId}`;
  const zarr = join(out, `${name}.ome.zarr`), zarrTmp = `${zarr}.tmp-${process.pid}-${threadId}`;
  let mask: ImageSource | undefined;
  try {
    const c = pickChannel(src, opts.channel);
    const sels = pickPlanes(src, c, opts.planes);
    if (sels.length !== 1)
      throw new StudioError('size-mismatch', `${src.width}×${src.height} with ${sels.length} planes is streamed one plane at a time: pass --planes N (0..${sels.length - 1})`);
    if (opts.maskPath) {
      mask = await openSourceFromFile(opts.maskPath);
      if (mask.width !== src.width || mask.height !== src.height)
        throw new StudioError('size-mismatch', `the image is ${src.width}×${src.height} but its mask ${opts.maskPath} is ${mask.width}×${mask.height}`);
    }
    const m = mask;
    const r = await segmentLarge(src, sels[0], model, tmp, {
      threshold: opts.threshold, budgetMB: opts.budgetMb, tile: opts.streamTile ?? 'auto', zarrDir: opts.omeZarr ? zarrTmp : undefined,
      truth: m ? (rect) => m.readRegion({ t: 0, z: 0, c: 0 }, rect) : undefined,
    });
    renameSync(tmp, p.labels);
    if (opts.omeZarr) {
      rmSync(zarr, { recursive: true, force: true });
      renameSync(zarrTmp, zarr);
    }
    const row: SummaryRow = { name, plane: sels[0].t * src.sizeZ + sels[0].z, width: r.width, height: r.height, objects: r.objects, foregroundFraction: r.foreground / (r.width * r.height) };
    if (r.confusion) {
      const s = scores(r.confusion);
      row.metrics = { iou: s.iou, dice: s.dice, f1: r.objectMatch?.f1 ?? NaN };
    }
    opts.onPlane?.(1, 1, row);
    const lines = [formatRow(row)];
    writeAtomic(p.row, formatSummary(lines));
    return lines;
  } finally {
    rmSync(tmp, { force: true });
    rmSync(zarrTmp, { recursive: true, force: true });
    mask?.close?.();
    src.close?.();
  }
}
