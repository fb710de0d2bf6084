/** Shared argument checks and error mapping for every ImageSource implementation. */
import { StudioError } from '../errors';
import { truncated } from './limits';
import type { ImageSource, PlaneSelection, Rect } from './source';

/** ITU-R BT.601 luma weights for R, G, B (the 'luminance' channel pick). */
export const LUMA = [0.299, 0.587, 0.114] as const;

const range = (n: number) => (n === 1 ? 'only 0' : `0–${n - 1}`);

/** Reject a selection outside the source's axes with a message that lists the valid range. */
export function checkPick(s: Pick<ImageSource, 'name' | 'sizeT' | 'sizeZ' | 'sizeC' | 'rgb' | 'levels'>, sel: PlaneSelection, level = 0): void {
  const bad = (what: string, v: unknown, n: number) =>
    new StudioError('out-of-range', `"${s.name}" has ${n} ${what}${n === 1 ? '' : 's'} (${range(n)}); ${what} ${String(v)} does not exist.`);
  const ok = (v: number, n: number) => Number.isInteger(v) && v >= 0 && v < n;
  if (!ok(sel.t, s.sizeT)) throw bad('time point', sel.t, s.sizeT);
  if (!ok(sel.z, s.sizeZ)) throw bad('z slice', sel.z, s.sizeZ);
  if (sel.c === 'luminance') {
    if (!s.rgb && s.sizeC !== 1)
      throw new StudioError('out-of-range', `"${s.name}" is not an RGB image, so it has no luminance; pick a channel (${range(s.sizeC)}).`);
  } else if (!ok(sel.c, s.sizeC)) throw bad('channel', sel.c, s.sizeC);
  if (!ok(level, s.levels.length)) throw bad('resolution level', level, s.levels.length);
}

/** The rect, defaulting to the whole plane; a rect outside the plane is an error naming both. */
export function checkRect(rect: Rect | undefined, width: number, height: number): Rect {
  if (!rect) return { x: 0, y: 0, width, height };
  const { x, y, width: w, height: h } = rect;
  if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height)
    throw new StudioError('out-of-range', `region ${w}×${h} at (${x}, ${y}) lies outside the ${width}×${height} image`);
  return rect;
}

/** Map whatever a decoder threw to a StudioError: cancelled on abort, unsupported-format or truncated-file. */
export function readError(e: unknown, name: string, signal?: AbortSignal): StudioError {
  if (e instanceof StudioError) return e;
  if (signal?.aborted || (e instanceof Error && e.name === 'AbortError')) return new StudioError('cancelled', `Reading "${name}" was cancelled.`);
  const msg = e instanceof Error ? e.message : String(e);
  if (/compression|not supported|unsupported/i.test(msg)) return new StudioError('unsupported-format', `"${name}": this TIFF variant is not supported (${msg}).`);
  return truncated(name, 'TIFF', msg);
}
