/**
 * The classical, non-deep-learning reference of compare mode: Otsu's threshold on the raw image values, the
 * chosen side as foreground, then small components removed. No training, no normalisation choices: what a
 * network has to beat. Pure (runs in the worker, and in Node for the e2e reference).
 */
import { otsuThreshold } from './otsu';
import { removeSmallObjects } from './smallObjects';

/** Which side of the threshold is foreground: 'bright' (value > t, e.g. EM cell interiors) or 'dark' (value ≤ t). */
export type Polarity = 'bright' | 'dark';

export interface OtsuOptions {
  polarity: Polarity;
  /** Components (8-connected) smaller than this many pixels are removed; 0 or 1 keeps all. */
  minArea: number;
}

export interface OtsuResult {
  /** Otsu's threshold in raw image units. */
  threshold: number;
  /** 0/1 foreground, width×height row-major. */
  mask: Uint8Array;
  objects: number;
  removedObjects: number;
  foregroundPixels: number;
}

export const DEFAULT_OTSU: OtsuOptions = { polarity: 'bright', minArea: 64 };

/** The `modelId` of a baseline run (worker/baseline.ts): no model card has it. */
export const BASELINE_MODEL_ID = 'baseline-otsu';

export function otsuSegment(img: { data: ArrayLike<number>; width: number; height: number }, opts: OtsuOptions = DEFAULT_OTSU): OtsuResult {
  const t = otsuThreshold(img.data);
  const raw = new Uint8Array(img.width * img.height);
  const bright = opts.polarity === 'bright';
  for (let i = 0; i < raw.length; i++) {
    const v = img.data[i];
    raw[i] = Number.isFinite(v) && (bright ? v > t : v <= t) ? 1 : 0;
  }
  const { mask, kept, removed } = removeSmallObjects(raw, img.width, img.height, opts.minArea);
  let fg = 0;
  for (let i = 0; i < mask.length; i++) fg += mask[i];
  return { threshold: t, mask, objects: kept, removedObjects: removed, foregroundPixels: fg };
}
