import { decode } from 'jpeg-js';
import { StudioError } from '../errors';
import { checkSize, rgbMean, truncated } from './limits';
import type { Raster } from './types';

/** Frame size from the first SOFn marker, read before decoding so huge files fail fast. */
function jpegSize(b: Uint8Array, name: string): { width: number; height: number } {
  let off = 2;
  while (off + 4 <= b.length) {
    if (b[off] !== 0xff) throw truncated(name, 'JPEG', `bad marker at byte ${off}`);
    const m = b[off + 1];
    if (m === 0xff) { off++; continue; } // fill byte
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) { off += 2; continue; }
    const len = (b[off + 2] << 8) | b[off + 3];
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (off + 9 > b.length) break;
      if (b[off + 4] !== 8) throw new StudioError('unsupported-sample-format', `"${name}" is a ${b[off + 4]}-bit JPEG; only 8-bit JPEG is supported.`);
      return { height: (b[off + 5] << 8) | b[off + 6], width: (b[off + 7] << 8) | b[off + 8] };
    }
    off += 2 + len;
  }
  throw truncated(name, 'JPEG', 'no frame header');
}

/** A complete JPEG ends with EOI (FF D9); allow a little trailing padding after it. */
function hasEoi(b: Uint8Array): boolean {
  for (let i = b.length - 2; i >= Math.max(2, b.length - 4096); i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

/** Decode an 8-bit JPEG into interleaved samples (1 channel for grey, 3 for colour). */
export function decodeJpegPixels(bytes: Uint8Array, name: string): { width: number; height: number; channels: number; data: Uint8Array } {
  const { width, height } = jpegSize(bytes, name);
  checkSize(width, height, name, { bytesPerSample: 3, fileBytes: bytes.length }); // jpeg-js decodes RGB
  if (!hasEoi(bytes)) throw truncated(name, 'JPEG', 'no end-of-image marker');
  let img;
  try {
    img = decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 101 });
  } catch (e) {
    throw truncated(name, 'JPEG', e instanceof Error ? e.message : String(e));
  }
  return { width: img.width, height: img.height, channels: img.data.length / (img.width * img.height), data: img.data };
}

/** 8-bit baseline/progressive JPEG via jpeg-js → one channel (grey as is, colour → mean of R, G, B). */
export function decodeJpeg(bytes: Uint8Array, name: string): Raster {
  const { width, height, channels: ch, data } = decodeJpegPixels(bytes, name);
  const n = width * height;
  return { width, height, data: rgbMean(data, ch, n), sampleType: 'uint8', format: 'jpeg', note: ch >= 3 ? 'colour image: mean of R, G, B' : '' };
}
