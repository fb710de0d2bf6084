/**
 * Small images decoded once (PNG, JPEG) served through the ImageSource contract: one Float32Array per channel,
 * a single T and Z. Colour files keep R, G, B as channels 0–2 (alpha dropped) and offer 'luminance'.
 */
import { StudioError } from '../errors';
import { decodeJpegPixels } from './decodeJpeg';
import { decodePngPixels } from './decodePng';
import { checkPick, checkRect, LUMA } from './sourceChecks';
import type { ImageSource, Rect } from './source';
import type { SampleType } from './types';

export interface PlanesInit {
  name: string;
  format: string;
  width: number;
  height: number;
  sampleType: SampleType;
  /** One row-major plane per channel. */
  planes: Float32Array[];
  rgb: boolean;
  channelNames?: string[];
  note?: string;
}

/** Copy `rect` out of a row-major plane (whole plane — the same array — when rect is omitted or covers it). */
export function cropPlane(data: Float32Array, width: number, height: number, rect?: Rect): Float32Array {
  if (!rect || (rect.x === 0 && rect.y === 0 && rect.width === width && rect.height === height)) return data;
  const { x, y, width: w, height: h } = checkRect(rect, width, height);
  const out = new Float32Array(w * h);
  for (let r = 0; r < h; r++) out.set(data.subarray((y + r) * width + x, (y + r) * width + x + w), r * w);
  return out;
}

/** An ImageSource over planes already in memory (1×1×C). */
export function planesSource(p: PlanesInit): ImageSource {
  const { width, height, planes } = p;
  const source: ImageSource = {
    name: p.name, format: p.format, width, height, sizeT: 1, sizeZ: 1, sizeC: planes.length, sampleType: p.sampleType,
    channelNames: p.channelNames ?? planes.map((_, i) => (p.rgb ? 'RGB'[i] : `C${i}`)), rgb: p.rgb, note: p.note ?? '',
    levels: [{ width, height, downsample: 1 }],
    async readRegion(sel, rect, level = 0) {
      checkPick(source, sel, level);
      if (sel.c !== 'luminance') return cropPlane(planes[sel.c], width, height, rect);
      if (!p.rgb) return cropPlane(planes[0], width, height, rect);
      const [R, G, B] = planes.map((pl) => cropPlane(pl, width, height, rect));
      const out = new Float32Array(R.length);
      for (let i = 0; i < out.length; i++) out[i] = LUMA[0] * R[i] + LUMA[1] * G[i] + LUMA[2] * B[i];
      return out;
    },
  };
  return source;
}

/** Split interleaved samples into `keep` float planes. */
function deinterleave(data: ArrayLike<number>, channels: number, keep: number, n: number): Float32Array[] {
  const out = Array.from({ length: keep }, () => new Float32Array(n));
  for (let i = 0, j = 0; i < n; i++, j += channels) for (let c = 0; c < keep; c++) out[c][i] = data[j + c];
  return out;
}

/** PNG → source: grey (± alpha) is 1 channel, RGB(A)/palette are R, G, B; 16-bit samples kept. */
export function pngSource(bytes: Uint8Array, name: string): ImageSource {
  const px = decodePngPixels(bytes, name);
  const rgb = px.channels >= 3;
  const n = px.width * px.height;
  const notes = [px.palette ? 'palette image as R, G, B' : '', px.channels === 2 || px.channels === 4 ? 'alpha channel ignored' : ''];
  return planesSource({
    name, format: 'png', width: px.width, height: px.height, sampleType: px.depth === 16 ? 'uint16' : 'uint8',
    planes: deinterleave(px.data, px.channels, rgb ? 3 : 1, n), rgb, note: notes.filter(Boolean).join('; '),
  });
}

/** JPEG → source: grey is 1 channel, colour is R, G, B (8-bit). */
export function jpegSource(bytes: Uint8Array, name: string): ImageSource {
  const px = decodeJpegPixels(bytes, name);
  if (px.channels !== 1 && px.channels !== 3)
    throw new StudioError('unsupported-format', `"${name}" is a ${px.channels}-component JPEG (CMYK?); supported are grey and RGB JPEGs.`);
  return planesSource({
    name, format: 'jpeg', width: px.width, height: px.height, sampleType: 'uint8',
    planes: deinterleave(px.data, px.channels, px.channels, px.width * px.height), rgb: px.channels === 3,
  });
}
