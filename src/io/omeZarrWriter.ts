/**
 * Streamed OME-Zarr (OME-NGFF 0.4, Zarr v2 directory layout) writer: the image at the group root and the
 * segmentation under labels/<name> with `image-label` metadata, each a multiscale pyramid (nearest-neighbour
 * downsampling by 2 per level, which keeps label ids intact), chunks of chunk² written one at a time,
 * zlib-compressed ("compressor": {"id": "zlib"}, numcodecs' codec, as zarr-python, napari and vizarr read it).
 * Hand-written JSON + chunks rather than a Zarr library: the format is four small JSON files per array and
 * C-order chunk bytes, and a library would hold more than one chunk.
 *
 * Memory: one chunk of the level being written plus what the readers hold (a TileStore read of a chunk's
 * strided rect, a band of image rows ≤ maxBandPixels).
 */
import { zlibSync } from 'fflate';
import { StudioError } from '../errors';
import type { Rect } from './source';
import { allocTyped, type TileArray, type TileDType } from '../store/tileStore';

/** A directory to write into: relative paths with '/' (Node: mkdir -p + writeFile; browser: a FileSystemDirectoryHandle). */
export interface DirSink {
  writeFile(path: string, data: Uint8Array | string): Promise<void> | void;
}

/** Values of `rect` (level 0) every `stride`-th pixel: ceil(w/stride) × ceil(h/stride), row-major. */
export type StridedReader = (rect: Rect, stride: number) => Promise<ArrayLike<number>> | ArrayLike<number>;

export interface OmeZarrOptions {
  width: number;
  height: number;
  /** Pyramid levels (default: halve until the level fits one chunk, at most 6). */
  levels?: number;
  chunk?: number;
  /** Physical pixel size in µm (scale of level 0); 1 when unknown. */
  pixelSize?: { x: number; y: number };
  image: { dtype: TileDType; read: StridedReader; name?: string };
  labels: { dtype: 'uint8' | 'uint16' | 'uint32'; read: StridedReader; name?: string };
  zlibLevel?: number;
}

const ZDTYPE: Record<TileDType, string> = { uint8: '|u1', uint16: '<u2', uint32: '<u4', float32: '<f4' };

/** Default pyramid depth: halve until one chunk holds the level (≥ 1, ≤ 6). */
export function defaultLevels(width: number, height: number, chunk: number): number {
  let l = 1;
  while (l < 6 && Math.max(width, height) / 2 ** (l - 1) > chunk) l++;
  return l;
}

function multiscales(name: string, levels: number, px: { x: number; y: number }) {
  return [{
    version: '0.4',
    name,
    axes: [{ name: 'y', type: 'space', unit: 'micrometer' }, { name: 'x', type: 'space', unit: 'micrometer' }],
    datasets: Array.from({ length: levels }, (_, k) => ({
      path: String(k),
      coordinateTransformations: [{ type: 'scale', scale: [px.y * 2 ** k, px.x * 2 ** k] }],
    })),
    type: 'nearest',
  }];
}

const json = (v: unknown) => JSON.stringify(v, null, 1);

/** Write one multiscale array group (levels 0..L-1) under `prefix`. */
async function writePyramid(sink: DirSink, prefix: string, o: OmeZarrOptions, dtype: TileDType, read: StridedReader, levels: number, done: () => void, isCancelled?: () => boolean) {
  const C = o.chunk ?? 512;
  for (let k = 0; k < levels; k++) {
    const s = 2 ** k;
    const w = Math.ceil(o.width / s), h = Math.ceil(o.height / s);
    await sink.writeFile(`${prefix}${k}/.zarray`, json({
      zarr_format: 2, shape: [h, w], chunks: [C, C], dtype: ZDTYPE[dtype], compressor: { id: 'zlib', level: o.zlibLevel ?? 1 },
      fill_value: 0, order: 'C', filters: null, dimension_separator: '/',
    }));
    for (let cy = 0; cy * C < h; cy++)
      for (let cx = 0; cx * C < w; cx++) {
        if (isCancelled?.()) throw new StudioError('cancelled', 'Export cancelled.');
        const cw = Math.min(C, w - cx * C), ch = Math.min(C, h - cy * C);
        // the level-k chunk samples level 0 at (cx·C + i)·s: a strided read of this rect
        const rect = { x: cx * C * s, y: cy * C * s, width: Math.min(o.width - cx * C * s, cw * s), height: Math.min(o.height - cy * C * s, ch * s) };
        const v = await read(rect, s);
        const full: TileArray = allocTyped(dtype, C * C); // Zarr chunks are always whole: pad with fill_value 0
        for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) full[y * C + x] = v[y * cw + x];
        await sink.writeFile(`${prefix}${k}/${cy}/${cx}`, zlibSync(new Uint8Array(full.buffer), { level: (o.zlibLevel ?? 1) as 1 }));
        done();
      }
  }
}

/** Write image + labels as OME-NGFF 0.4; returns the number of chunks written. */
export async function writeOmeZarr(sink: DirSink, o: OmeZarrOptions, onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean): Promise<number> {
  const C = o.chunk ?? 512;
  const levels = o.levels ?? defaultLevels(o.width, o.height, C);
  const px = o.pixelSize ?? { x: 1, y: 1 };
  const name = o.labels.name ?? 'segmentation';
  let total = 0;
  for (let k = 0; k < levels; k++) total += Math.ceil(o.width / 2 ** k / C) * Math.ceil(o.height / 2 ** k / C);
  total *= 2;
  let done = 0;
  const tick = () => onProgress?.(++done, total);
  await sink.writeFile('.zgroup', json({ zarr_format: 2 }));
  await sink.writeFile('.zattrs', json({ multiscales: multiscales(o.image.name ?? 'image', levels, px) }));
  await writePyramid(sink, '', o, o.image.dtype, o.image.read, levels, tick, isCancelled);
  await sink.writeFile('labels/.zgroup', json({ zarr_format: 2 }));
  await sink.writeFile('labels/.zattrs', json({ labels: [name] }));
  await sink.writeFile(`labels/${name}/.zgroup`, json({ zarr_format: 2 }));
  await sink.writeFile(`labels/${name}/.zattrs`, json({
    multiscales: multiscales(name, levels, px),
    'image-label': { version: '0.4', source: { image: '../../' } },
  }));
  await writePyramid(sink, `labels/${name}/`, o, o.labels.dtype, o.labels.read, levels, tick, isCancelled);
  return done;
}

/**
 * A StridedReader over a plain region reader (an ImageSource plane): reads bands of rows no larger than
 * maxBandPixels and keeps every stride-th row and column, so a coarse level never reads its whole level-0
 * rect at once.
 */
export function stridedFromRegions(read: (rect: Rect) => Promise<ArrayLike<number>>, maxBandPixels = 4 * 2 ** 20): StridedReader {
  return async (rect, stride) => {
    if (stride === 1) return read(rect);
    const ow = Math.ceil(rect.width / stride), oh = Math.ceil(rect.height / stride);
    const out = new Float64Array(ow * oh);
    const rowsPerBand = Math.max(1, Math.floor(maxBandPixels / rect.width / stride)) * stride;
    for (let by = 0; by < rect.height; by += rowsPerBand) {
      const bh = Math.min(rowsPerBand, rect.height - by);
      const band = await read({ x: rect.x, y: rect.y + by, width: rect.width, height: bh });
      for (let y = 0; y < bh; y += stride) {
        const oy = (by + y) / stride;
        for (let x = 0, ox = 0; x < rect.width; x += stride, ox++) out[oy * ow + ox] = band[y * rect.width + x];
      }
    }
    return out;
  };
}
