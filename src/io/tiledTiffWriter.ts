/**
 * Streamed tiled BigTIFF writer for results of any size (labels uint16/uint32, probabilities uint8/uint16/
 * float32): tiles are compressed and written one at a time, in raster order, straight after a 16-byte
 * header; the IFD and the tile offset/byte-count arrays (8 bytes per tile) follow the last tile, and the
 * header's IFD pointer is patched at the end. Memory: one tile and its compressed bytes, plus 16 B per tile.
 *
 * BigTIFF (TIFF 6.0 with 64-bit offsets, "II", version 43) because label images of gigapixel slides pass
 * 4 GiB uncompressed. Compression 8 is Adobe Deflate (zlib stream, fflate's zlibSync), which tifffile,
 * libtiff, geotiff.js, QuPath and Fiji read; edge tiles are written full size, padded with zeros (TIFF tiles
 * are always whole).
 */
import { zlibSync } from 'fflate';
import { StudioError } from '../errors';
import type { TileArray, TileDType } from '../store/tileStore';

/**
 * Where the bytes go: positioned writes, as Node's fs.write(fd, buf, 0, n, position) and the browser's
 * FileSystemWritableFileStream.write({ type: 'write', position, data }) offer.
 */
export interface ByteSink {
  write(data: Uint8Array, position: number): Promise<void> | void;
}

export interface TiledTiffOptions {
  width: number;
  height: number;
  dtype: TileDType;
  /** Tile edge, a multiple of 16 (TIFF 6.0 §15; default 512). */
  tileSize?: number;
  compression?: 'deflate' | 'none';
  /** ImageDescription tag (e.g. what the labels are). */
  description?: string;
  /** Deflate level 1–9 (default 6; labels compress well at any level). */
  level?: number;
}

const SHORT = 3, ASCII = 2, LONG = 4, LONG8 = 16;

/**
 * Write a tiled BigTIFF, asking `tile(tx, ty)` for each tile (tileSize², row-major; it may come straight
 * from a TileStore of the same tile size). Returns the file size.
 */
export async function writeTiledBigTiff(
  sink: ByteSink, o: TiledTiffOptions, tile: (tx: number, ty: number) => TileArray | Promise<TileArray>,
  onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean,
): Promise<number> {
  const T = o.tileSize ?? 512;
  if (T % 16 !== 0) throw new StudioError('internal', `writeTiledBigTiff: tile size ${T} is not a multiple of 16`);
  const tx = Math.ceil(o.width / T), ty = Math.ceil(o.height / T), n = tx * ty;
  const deflate = (o.compression ?? 'deflate') === 'deflate';
  const bytesPer = { uint8: 1, uint16: 2, uint32: 4, float32: 4 }[o.dtype];
  const header = new Uint8Array(16);
  const hv = new DataView(header.buffer);
  header.set([0x49, 0x49, 43, 0, 8, 0, 0, 0]); // "II", 43 = BigTIFF, offsets 8 bytes, reserved 0
  await sink.write(header, 0); // IFD pointer patched at the end
  let pos = 16;
  const offsets = new Float64Array(n), counts = new Float64Array(n);
  for (let j = 0; j < ty; j++)
    for (let i = 0; i < tx; i++) {
      if (isCancelled?.()) throw new StudioError('cancelled', 'Export cancelled.');
      const t = await tile(i, j);
      if (t.length !== T * T || t.BYTES_PER_ELEMENT !== bytesPer)
        throw new StudioError('internal', `writeTiledBigTiff: tile (${i}, ${j}) has ${t.length} × ${t.BYTES_PER_ELEMENT} B values, expected ${T}² × ${bytesPer} B`);
      // typed arrays are little-endian on every platform browsers and Node run on, matching "II"
      const raw = new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
      const data = deflate ? zlibSync(raw, { level: (o.level ?? 6) as 6 }) : raw;
      await sink.write(data, pos);
      offsets[j * tx + i] = pos;
      counts[j * tx + i] = data.length;
      pos += data.length;
      onProgress?.(j * tx + i + 1, n);
    }
  if (pos % 2) pos++; // word-align the IFD (TIFF 6.0 §2)
  const desc = o.description ? new TextEncoder().encode(`${o.description}\0`) : undefined;
  const entries: [tag: number, type: number, count: number, value: number | 'offsets' | 'counts' | 'desc'][] = [
    [256, LONG, 1, o.width],
    [257, LONG, 1, o.height],
    [258, SHORT, 1, bytesPer * 8],
    [259, SHORT, 1, deflate ? 8 : 1],
    [262, SHORT, 1, 1], // BlackIsZero
    ...(desc ? [[270, ASCII, desc.length, 'desc'] as [number, number, number, 'desc']] : []),
    [277, SHORT, 1, 1],
    [284, SHORT, 1, 1],
    [322, SHORT, 1, T],
    [323, SHORT, 1, T],
    [324, LONG8, n, n === 1 ? offsets[0] : 'offsets'],
    [325, LONG8, n, n === 1 ? counts[0] : 'counts'],
    [339, SHORT, 1, o.dtype === 'float32' ? 3 : 1],
  ];
  const ifdLen = 8 + entries.length * 20 + 8;
  const extra = (n > 1 ? 16 * n : 0) + (desc && desc.length > 8 ? desc.length : 0);
  const buf = new Uint8Array(ifdLen + extra);
  const dv = new DataView(buf.buffer);
  const ifdPos = pos;
  let tail = ifdLen; // where out-of-line values go, relative to ifdPos
  dv.setBigUint64(0, BigInt(entries.length), true);
  entries.forEach(([tag, type, count, value], k) => {
    const e = 8 + k * 20;
    dv.setUint16(e, tag, true);
    dv.setUint16(e + 2, type, true);
    dv.setBigUint64(e + 4, BigInt(count), true);
    if (value === 'offsets' || value === 'counts') {
      const arr = value === 'offsets' ? offsets : counts;
      dv.setBigUint64(e + 12, BigInt(ifdPos + tail), true);
      for (let q = 0; q < n; q++) dv.setBigUint64(tail + 8 * q, BigInt(arr[q]), true);
      tail += 8 * n;
    } else if (value === 'desc') {
      if (desc!.length <= 8) buf.set(desc!, e + 12);
      else {
        dv.setBigUint64(e + 12, BigInt(ifdPos + tail), true);
        buf.set(desc!, tail);
        tail += desc!.length;
      }
    } else if (type === SHORT) dv.setUint16(e + 12, value, true);
    else if (type === LONG) dv.setUint32(e + 12, value, true);
    else dv.setBigUint64(e + 12, BigInt(value), true);
  });
  dv.setBigUint64(8 + entries.length * 20, 0n, true); // no next IFD
  await sink.write(buf.subarray(0, tail), ifdPos);
  hv.setBigUint64(8, BigInt(ifdPos), true);
  await sink.write(header.subarray(8, 16), 8);
  return ifdPos + tail;
}
