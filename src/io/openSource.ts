/**
 * Open any supported file as an ImageSource (io/source.ts). Interim implementation: the whole file is decoded
 * by decodeImage (first page, first sample) and served as a one-plane, one-channel source. The io work on
 * stacks/channels (OME-TIFF, ImageJ hyperstacks, RGB) replaces the body, keeping this signature.
 */
import { StudioError } from '../errors';
import { decodeImage } from './decode';
import type { Raster } from './types';
import type { ImageSource, PlaneSelection, Rect } from './source';

/** Copy `rect` out of a row-major plane (whole plane when rect is omitted or covers it). */
export function cropPlane(data: Float32Array, width: number, height: number, rect?: Rect): Float32Array {
  if (!rect || (rect.x === 0 && rect.y === 0 && rect.width === width && rect.height === height)) return data;
  const { x, y, width: w, height: h } = rect;
  if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height)
    throw new StudioError('internal', `region ${w}×${h} at (${x}, ${y}) lies outside the ${width}×${height} image`);
  const out = new Float32Array(w * h);
  for (let r = 0; r < h; r++) out.set(data.subarray((y + r) * width + x, (y + r) * width + x + w), r * w);
  return out;
}

/** A decoded single plane served through the ImageSource contract. */
export function rasterSource(r: Raster, name: string): ImageSource {
  const check = (sel: PlaneSelection) => {
    if (sel.t !== 0 || sel.z !== 0 || (sel.c !== 0 && sel.c !== 'luminance'))
      throw new StudioError('internal', `"${name}" has one plane and one channel; asked for t=${sel.t}, z=${sel.z}, c=${sel.c}`);
  };
  return {
    name, format: r.format, width: r.width, height: r.height, sizeT: 1, sizeZ: 1, sizeC: 1,
    sampleType: r.sampleType, channelNames: ['C0'], rgb: false, note: r.note,
    levels: [{ width: r.width, height: r.height, downsample: 1 }],
    readRegion: async (sel, rect) => {
      check(sel);
      return cropPlane(r.data, r.width, r.height, rect);
    },
  };
}

export async function openSource(bytes: ArrayBuffer, name: string): Promise<ImageSource> {
  return rasterSource(await decodeImage(bytes, name), name);
}
