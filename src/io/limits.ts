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

/**
 * Largest strip or tile a region read may have to decode whole (a window read decodes every block it
 * touches). Files whose blocks are larger — typically one giant strip — are refused like oversized images.
 */
export const MAX_BLOCK_BYTES = 256 * 2 ** 20;

/**
 * Size check of a file opened for region reads (tiffSource): any size is fine when its strips/tiles are
 * small (only the header is read at open; readRegion then refuses regions over MAX_PIXELS, see
 * checkRegionSize), else the whole-image limit applies with a hint to save it tiled.
 */
export function checkStreamable(width: number, height: number, name: string, blockWidth: number, blockHeight: number, bytesPerPixel: number): void {
  if (!(width > 0 && height > 0)) throw new StudioError('not-an-image', `"${name}" declares an empty image (${width}×${height}).`);
  if (width * height <= MAX_PIXELS) return;
  const block = blockWidth * blockHeight * bytesPerPixel;
  if (block > MAX_BLOCK_BYTES)
    throw new StudioError('image-too-large', `"${name}" is ${width}×${height} = ${((width * height) / 1e6).toFixed(1)} megapixels stored in blocks of ${(block / 2 ** 20).toFixed(0)} MB; images over ${MAX_PIXELS / 1e6} megapixels must be tiled (or striped in blocks up to ${MAX_BLOCK_BYTES / 2 ** 20} MB). Save it as a tiled TIFF, e.g. tifffile.imwrite(..., tile=(512, 512)).`);
}

/** One region read of more than MAX_PIXELS is refused: large images are read region by region (streamed). */
export function checkRegionSize(width: number, height: number, name: string): void {
  if (width * height > MAX_PIXELS)
    throw new StudioError('image-too-large', `Reading ${width}×${height} = ${((width * height) / 1e6).toFixed(1)} megapixels of "${name}" at once exceeds ${MAX_PIXELS / 1e6} megapixels; the studio page reads whole planes up to that size; larger images are segmented region by region by "npm run segment" (streamed).`);
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
