import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { StudioError } from '../errors';
import { checkSize, truncated } from './limits';
import type { Raster, SampleType } from './types';

const SUPPORTED = 'uint8/16/32, int8/16/32, float32/64';

/** Check the header and the first IFD lie inside the file (geotiff would fail with a raw RangeError otherwise). */
function checkHeader(b: Uint8Array, name: string): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[0] === 0x49;
  const big = dv.getUint16(2, le) === 43;
  const headLen = big ? 16 : 8;
  if (b.length < headLen) throw truncated(name, 'TIFF', `header needs ${headLen} bytes, got ${b.length}`);
  const ifd = big ? Number(dv.getBigUint64(8, le)) : dv.getUint32(4, le);
  const countLen = big ? 8 : 2;
  if (ifd + countLen > b.length) throw truncated(name, 'TIFF', `first directory at byte ${ifd}, file has ${b.length}`);
  const count = big ? Number(dv.getBigUint64(ifd, le)) : dv.getUint16(ifd, le);
  const end = ifd + countLen + count * (big ? 20 : 12) + (big ? 8 : 4);
  if (end > b.length) throw truncated(name, 'TIFF', `first directory ends at byte ${end}, file has ${b.length}`);
}

/** Map TIFF SampleFormat + BitsPerSample to our sample types (TIFF 6.0 §19: 1 uint, 2 int, 3 IEEE float, 4 undefined). */
export function sampleType(image: GeoTIFFImage, name: string): SampleType {
  const fmt = image.getSampleFormat(0) ?? 1;
  const bits = image.getBitsPerSample(0);
  const kind = fmt === 1 || fmt === 4 ? 'uint' : fmt === 2 ? 'int' : fmt === 3 ? 'float' : null;
  const ok = kind === 'float' ? bits === 32 || bits === 64 : bits === 8 || bits === 16 || bits === 32;
  if (!kind || !ok) {
    const found = kind ? `${bits}-bit ${kind}` : fmt === 5 || fmt === 6 ? `complex (SampleFormat ${fmt}), ${bits}-bit` : `SampleFormat ${fmt}, ${bits}-bit`;
    throw new StudioError('unsupported-sample-format', `"${name}" stores ${found} samples; supported TIFF samples are ${SUPPORTED}.`);
  }
  return `${kind}${bits}` as SampleType;
}

/** Every strip/tile of the image must lie inside the file; a cut-off file would otherwise decode garbage. */
export async function checkBlocks(image: GeoTIFFImage, size: number, name: string): Promise<void> {
  const fd = image.fileDirectory;
  const tiled = fd.hasTag('TileOffsets');
  const offs = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint> | number | undefined;
  const cnts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number | bigint> | number | undefined;
  if (offs === undefined || cnts === undefined) throw truncated(name, 'TIFF', 'no strip or tile offsets');
  const o = typeof offs === 'number' ? [offs] : offs;
  const c = typeof cnts === 'number' ? [cnts] : cnts;
  for (let i = 0; i < o.length; i++) {
    const end = Number(o[i]) + Number(c[i] ?? 0);
    if (end > size) throw truncated(name, 'TIFF', `${tiled ? 'tile' : 'strip'} ${i} ends at byte ${end}, file has ${size}`);
  }
}

/** TIFF / BigTIFF via geotiff.js: first page, first sample; never a worker pool (we already run in a worker). */
export async function decodeTiff(bytes: Uint8Array, name: string): Promise<Raster> {
  checkHeader(bytes, name);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const tiff = await fromArrayBuffer(buf);
    const image = await tiff.getImage(0);
    const width = image.getWidth(), height = image.getHeight();
    checkSize(width, height, name, { bytesPerSample: Math.max(1, (image.getBitsPerSample(0) ?? 8) / 8) * Math.max(1, image.getSamplesPerPixel()), fileBytes: bytes.length });
    const st = sampleType(image, name);
    await checkBlocks(image, bytes.length, name);
    const spp = image.getSamplesPerPixel();
    const rasters = (await image.readRasters({ samples: [0], pool: null, interleave: false })) as unknown as ArrayLike<number>[];
    const src = rasters[0];
    if (!src || src.length !== width * height) throw truncated(name, 'TIFF', `expected ${width * height} pixels, decoded ${src?.length ?? 0}`);
    const data = src instanceof Float32Array ? src : Float32Array.from(src);
    const notes: string[] = [];
    if (image.fileDirectory.nextIFDByteOffset) notes.push('first page of a multi-page TIFF');
    if (spp > 1) notes.push(`channel 1 of ${spp}`);
    return { width, height, data, sampleType: st, format: 'tiff', note: notes.join('; ') };
  } catch (e) {
    if (e instanceof StudioError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/compression|not supported|unsupported/i.test(msg))
      throw new StudioError('unsupported-format', `"${name}": this TIFF variant is not supported (${msg}).`);
    throw truncated(name, 'TIFF', msg);
  }
}
