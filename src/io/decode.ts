import { StudioError } from '../errors';
import { decodeJpeg } from './decodeJpeg';
import { decodePng } from './decodePng';
import { decodeTiff } from './decodeTiff';
import type { Raster } from './types';

export type SniffedFormat = 'png' | 'jpeg' | 'tiff' | null;

/** Identify the format from magic bytes only (file names lie: ".tif" JPEGs are common). */
export function sniffFormat(b: Uint8Array): SniffedFormat {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  // II*\0 / MM\0* (classic), II+\0 / MM\0+ (BigTIFF)
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && (b[2] === 42 || b[2] === 43) && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 42 || b[3] === 43)))) return 'tiff';
  return null;
}

/**
 * Decode PNG, JPEG or TIFF bytes into one channel of float32 values in their original units. Works in Node
 * and in a worker (no DOM). Errors are StudioError: empty-file, not-an-image, truncated-file,
 * unsupported-format, unsupported-sample-format, image-too-large.
 */
export async function decodeImage(bytes: ArrayBuffer, name: string): Promise<Raster> {
  const b = new Uint8Array(bytes);
  if (b.length === 0) throw new StudioError('empty-file', `The file "${name}" is empty (0 bytes).`);
  const fmt = sniffFormat(b);
  if (fmt === 'png') return decodePng(b, name);
  if (fmt === 'jpeg') return decodeJpeg(b, name);
  if (fmt === 'tiff') return decodeTiff(b, name);
  const head = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new StudioError('not-an-image', `"${name}" is not a supported image (first bytes ${head}). Accepted formats: PNG, JPEG, TIFF (including BigTIFF).`);
}
