/**
 * ImageJ's layout for stacks over 4 GB (and some virtual-stack exports): only the first page has an IFD, and
 * every plane follows the first one's uncompressed bytes back to back (`images=N` in the description says how
 * many). geotiff sees one page; this reads plane k's rows straight from the file.
 */
import type { GeoTIFFImage } from 'geotiff';
import type { ByteReader } from './byteReader';
import { truncated } from './limits';
import type { Rect } from './source';
import type { SampleType } from './types';

export type PlaneReader = (plane: number, rect: Rect, signal?: AbortSignal) => Promise<Float32Array>;

const GETTERS: Record<SampleType, [bytes: number, get: (dv: DataView, o: number, le: boolean) => number]> = {
  uint8: [1, (dv, o) => dv.getUint8(o)], int8: [1, (dv, o) => dv.getInt8(o)],
  uint16: [2, (dv, o, le) => dv.getUint16(o, le)], int16: [2, (dv, o, le) => dv.getInt16(o, le)],
  uint32: [4, (dv, o, le) => dv.getUint32(o, le)], int32: [4, (dv, o, le) => dv.getInt32(o, le)],
  float32: [4, (dv, o, le) => dv.getFloat32(o, le)], float64: [8, (dv, o, le) => dv.getFloat64(o, le)],
};

/**
 * A reader for planes 0..planes−1 stored contiguously after page 0's data, or null when page 0 is not laid out
 * that way (compressed, several samples, or strips not back to back).
 */
export async function contiguousPlanes(image0: GeoTIFFImage, st: SampleType, planes: number, reader: ByteReader, name: string): Promise<PlaneReader | null> {
  const fd = image0.fileDirectory;
  if (Number(fd.getValue('Compression') ?? 1) !== 1 || image0.getSamplesPerPixel() !== 1 || fd.hasTag('TileOffsets')) return null;
  const offs = Array.from((await fd.loadValue('StripOffsets')) as ArrayLike<number>, Number);
  const cnts = Array.from((await fd.loadValue('StripByteCounts')) as ArrayLike<number>, Number);
  for (let i = 1; i < offs.length; i++) if (offs[i] !== offs[i - 1] + cnts[i - 1]) return null;
  const [bps, get] = GETTERS[st];
  const w = image0.getWidth(), h = image0.getHeight();
  const planeBytes = w * h * bps;
  const start = offs[0];
  const le = image0.littleEndian;
  return async (k, r, signal) => {
    const end = start + (k + 1) * planeBytes;
    if (end > reader.size) throw truncated(name, 'TIFF', `plane ${k + 1} of ${planes} ends at byte ${end}, file has ${reader.size}`);
    // One read from the rect's first pixel to its last, then pick the rect's rows out of it.
    const from = start + k * planeBytes + (r.y * w + r.x) * bps;
    const span = ((r.height - 1) * w + r.width) * bps;
    const dv = new DataView(await reader.read(from, span, signal));
    if (dv.byteLength < span) throw truncated(name, 'TIFF', `plane ${k + 1} is cut off`);
    const out = new Float32Array(r.width * r.height);
    for (let y = 0, i = 0; y < r.height; y++) for (let x = 0; x < r.width; x++, i++) out[i] = get(dv, (y * w + x) * bps, le);
    return out;
  };
}
