import { StudioError } from '../errors';
import { currentDevice, estimateNeed, type ImageHeader } from './memory';

/** Largest image we decode: 100 megapixels (a 10k × 10k slide tile); beyond that the browser tab runs out of memory. */
export const MAX_PIXELS = 100_000_000;

/**
 * Throw before allocating anything for an image that cannot be opened: 'not-an-image' for an empty size,
 * 'image-too-large' beyond MAX_PIXELS, 'out-of-memory' when the estimate from the header (io/memory.ts) exceeds
 * what the device lets this tab use.
 */
export function checkSize(width: number, height: number, name: string, header: Omit<ImageHeader, 'width' | 'height'> = {}): void {
  if (!(width > 0 && height > 0)) throw new StudioError('not-an-image', `"${name}" declares an empty image (${width}×${height}).`);
  if (width * height > MAX_PIXELS)
    throw new StudioError('image-too-large', `"${name}" is ${width}×${height} = ${((width * height) / 1e6).toFixed(1)} megapixels; the limit is ${MAX_PIXELS / 1e6} megapixels. Crop or downsample it first.`);
  const need = estimateNeed({ width, height, ...header }, currentDevice());
  if (!need.fits) throw new StudioError('out-of-memory', `"${name}" ${need.message}`);
}

/** Colour → one channel the way training/data.py does it: mean of R, G, B (alpha ignored). */
export function rgbMean(data: ArrayLike<number>, channels: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (channels < 3) {
    for (let i = 0; i < count; i++) out[i] = data[i * channels];
    return out;
  }
  for (let i = 0, j = 0; i < count; i++, j += channels) out[i] = (data[j] + data[j + 1] + data[j + 2]) / 3;
  return out;
}

export const truncated = (name: string, format: string, detail: string) =>
  new StudioError('truncated-file', `"${name}" looks like a ${format} file but is cut off or damaged (${detail}). Try re-exporting or re-downloading it.`);
