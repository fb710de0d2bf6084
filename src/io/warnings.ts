/**
 * Data warnings (issue #17): things in an image or a mask that are not errors but would silently spoil a
 * segmentation or its metrics. Pure: the worker (page notices) and the CLI (stderr) word them the same way.
 * - non-finite pixels (NaN, ±Inf) are replaced, deterministically, by the smallest finite value of the image
 *   (0 when there is none) before normalisation and tiling, and the warning says how many and how;
 * - a constant image (nothing to segment: normalisation maps it to one value);
 * - a "mask" that looks like an image (many distinct values and no zero: probably the raw image picked twice);
 * - a mask that covers everything (or nothing);
 * - an image far outside the model's training intensity range: only for cards with a fixed normalisation
 *   (scale/offset): per-image normalisations (percentile, min-max, z-score) map every image to the training
 *   range by construction, so the check does not apply there and `intensityWarning` says nothing.
 */
import type { Normalization } from '../models/manifest';

export type DataWarningKind = 'non-finite' | 'constant-image' | 'mask-looks-like-image' | 'mask-covers-all' | 'mask-empty' | 'intensity-range';

export interface DataWarning {
  kind: DataWarningKind;
  message: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

/**
 * Replace NaN/±Inf in place by the smallest finite value (0 when none is finite). Returns the counts and the
 * value used. Deterministic: the same file always gives the same pixels, in the page and in the CLI.
 */
export function replaceNonFinite(data: Float32Array): { nan: number; inf: number; value: number } {
  let nan = 0, inf = 0, min = Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) nan++;
    else if (v === Infinity || v === -Infinity) inf++;
    else if (v < min) min = v;
  }
  const value = min === Infinity ? 0 : min;
  if (nan + inf) for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) data[i] = value;
  return { nan, inf, value };
}

/** Warnings for an image (after `replaceNonFinite`, whose result is passed in). */
export function imageWarnings(data: Float32Array, replaced: { nan: number; inf: number; value: number }): DataWarning[] {
  const out: DataWarning[] = [];
  const bad = replaced.nan + replaced.inf;
  if (bad) {
    const what = [replaced.nan && `${fmt(replaced.nan)} NaN`, replaced.inf && `${fmt(replaced.inf)} infinite`].filter(Boolean).join(' and ');
    out.push({
      kind: 'non-finite',
      message: `${what} pixel${bad === 1 ? '' : 's'} (${((100 * bad) / Math.max(1, data.length)).toPrecision(2)} % of the image) ` +
        `were set to ${num(replaced.value)}, the image's smallest finite value${replaced.value === 0 && bad === data.length ? ' (none is finite: 0)' : ''}, before normalisation and tiling.`,
    });
  }
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) { const v = data[i]; if (v < min) min = v; if (v > max) max = v; }
  if (data.length && min === max)
    out.push({ kind: 'constant-image', message: `Every pixel of the image is ${num(min)}: there is nothing to segment (the result is the same everywhere).` });
  return out;
}

/** Distinct values above which a mask without zeros is taken for an image. */
const IMAGE_LIKE_DISTINCT = 64;

/** Warnings for a ground-truth mask: raw decoded values and the foreground (value > 0, after invert). */
export function maskWarnings(values: Float32Array, binary: Uint8Array, name: string): DataWarning[] {
  const out: DataWarning[] = [];
  let zero = 0;
  const distinct = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) zero++;
    if (distinct.size <= IMAGE_LIKE_DISTINCT) distinct.add(values[i]);
  }
  if (!zero && distinct.size > IMAGE_LIKE_DISTINCT)
    out.push({ kind: 'mask-looks-like-image', message: `"${name}" looks like an image, not a mask: more than ${IMAGE_LIKE_DISTINCT} distinct values and no 0 (background). Open the mask made for this image; the metrics below treat every pixel as foreground.` });
  let fg = 0;
  for (let i = 0; i < binary.length; i++) fg += binary[i];
  if (binary.length && fg === binary.length && !out.length)
    out.push({ kind: 'mask-covers-all', message: `"${name}" marks every pixel as foreground: precision and IoU only measure how much the prediction covers. If 0 is the object in this mask, switch on "Invert mask".` });
  if (binary.length && fg === 0)
    out.push({ kind: 'mask-empty', message: `"${name}" has no foreground pixel: every predicted pixel counts as a false positive.` });
  return out;
}

/** Values a fixed (scale/offset) normalisation is expected to produce, as trained: about 0…1, with slack. */
const FIXED_RANGE = { low: -1, high: 2 };

/**
 * The image against the model's training intensity range. Only a card with a fixed normalisation has one
 * (`x·scale + offset` should land near 0…1); its normalised 1st/99th percentiles `p1`, `p99` outside −1…2
 * are reported. Per-image normalisations return null: they map any image into the trained range.
 */
export function intensityWarning(normalization: Normalization, p1: number, p99: number, modelName: string): DataWarning | null {
  if (normalization.kind !== 'fixed') return null;
  if (p1 >= FIXED_RANGE.low && p99 <= FIXED_RANGE.high) return null;
  return {
    kind: 'intensity-range',
    message: `The image is far outside ${modelName}'s training intensity range: after its fixed normalisation (×${num(normalization.scale)} + ${num(normalization.offset)}) ` +
      `most pixels lie between ${num(p1)} and ${num(p99)}, where the model saw about 0 to 1. Expect a poor result; a model with percentile normalisation copes with any range.`,
  };
}
