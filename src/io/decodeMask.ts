import { decodeImage } from './decode';
import { maskWarnings, type DataWarning } from './warnings';

export interface DecodedMask {
  width: number;
  height: number;
  /** Label per pixel as stored (0 = background); after `invert`, 1 = foreground. */
  labels: Uint32Array;
  /** 1 where foreground, else 0. */
  binary: Uint8Array;
  /** True when the mask has more than two distinct values (an instance label image). */
  isInstance: boolean;
  /** io/warnings.ts maskWarnings: looks like an image, covers everything, empty. */
  warnings: DataWarning[];
}

/**
 * Decode a ground-truth mask (PNG/JPEG/TIFF). Foreground is value > 0, which covers 0/255, 0/1 and instance
 * label images alike. `invert` swaps foreground and background (for masks whose foreground is stored as 0);
 * inverted masks are binary, so `labels` becomes 0/1.
 */
export async function decodeMask(bytes: ArrayBuffer, name: string, invert = false): Promise<DecodedMask> {
  return maskFromValues(await decodeImage(bytes, name), invert, name);
}

/** The mask of one decoded plane (values as stored), by the rules of `decodeMask`; also for planes of a mask stack. */
export function maskFromValues(r: { data: Float32Array; width: number; height: number }, invert = false, name = 'the mask'): DecodedMask {
  const n = r.width * r.height;
  const labels = new Uint32Array(n);
  const binary = new Uint8Array(n);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = r.data[i];
    if (seen.size <= 2) seen.add(v);
    const fg = v > 0 !== invert;
    binary[i] = fg ? 1 : 0;
    labels[i] = invert ? binary[i] : Math.max(0, Math.round(v));
  }
  return { width: r.width, height: r.height, labels, binary, isInstance: seen.size > 2, warnings: maskWarnings(r.data, binary, name) };
}
