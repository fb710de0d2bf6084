import { convertIndexedToRgb, decode } from 'fast-png';
import { StudioError } from '../errors';
import { checkSize, rgbMean, truncated } from './limits';
import type { Raster } from './types';

/**
 * Walk the chunk list (length, type, data, CRC) without inflating anything: a file cut short has a chunk that
 * runs past the end or no IEND. fast-png's own errors on such files are raw RangeErrors or zlib messages.
 */
function checkChunks(b: Uint8Array, name: string): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let off = 8;
  while (off + 8 <= b.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(b[off + 4], b[off + 5], b[off + 6], b[off + 7]);
    if (off + 12 + len > b.length) throw truncated(name, 'PNG', `chunk ${type} needs ${len} bytes, the file ends after ${b.length - off - 8}`);
    if (type === 'IEND') return;
    off += 12 + len;
  }
  throw truncated(name, 'PNG', 'no IEND chunk');
}

/** Decoded PNG samples, interleaved: palette images expanded to RGB(A); 8- or 16-bit. */
export interface PngPixels {
  width: number;
  height: number;
  depth: 8 | 16;
  channels: number;
  data: ArrayLike<number>;
  palette: boolean;
}

/** Check and inflate a PNG into its interleaved samples (errors: truncated-file, image-too-large, unsupported-sample-format). */
export function decodePngPixels(bytes: Uint8Array, name: string): PngPixels {
  if (bytes.length < 33) throw truncated(name, 'PNG', `only ${bytes.length} bytes`);
  checkChunks(bytes, name);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // IHDR width/height, bit depth and colour type, before inflating: the memory estimate needs the sample size.
  const stored = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[bytes[25]] ?? 4;
  checkSize(dv.getUint32(16), dv.getUint32(20), name, { bytesPerSample: stored * Math.max(1, bytes[24] / 8), fileBytes: bytes.length });
  let png;
  try {
    png = decode(bytes);
  } catch (e) {
    throw truncated(name, 'PNG', e instanceof Error ? e.message : String(e));
  }
  const { width, height, depth, channels } = png;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return { width, height, depth: 8, channels: rgb.length / (width * height), data: rgb, palette: true };
  }
  if (depth !== 8 && depth !== 16)
    throw new StudioError('unsupported-sample-format', `"${name}" is a ${depth}-bit PNG; supported PNG bit depths are 8 and 16 (grey, RGB, RGBA or palette).`);
  return { width, height, depth, channels, data: png.data, palette: false };
}

/** PNG (8/16-bit grey, grey+alpha, RGB, RGBA, palette) → one channel: grey as is, colour → mean of R, G, B. */
export function decodePng(bytes: Uint8Array, name: string): Raster {
  const { width, height, depth, channels, data, palette } = decodePngPixels(bytes, name);
  const n = width * height;
  if (palette) return { width, height, data: rgbMean(data, channels, n), sampleType: 'uint8', format: 'png', note: 'palette image: mean of R, G, B' };
  const note = channels >= 3 ? 'colour image: mean of R, G, B' : channels === 2 ? 'alpha channel ignored' : '';
  return { width, height, data: rgbMean(data, channels, n), sampleType: depth === 16 ? 'uint16' : 'uint8', format: 'png', note };
}
