/**
 * The few numbers the benchmark derives from a run (issue #7), shared by the bench page (browser) and the
 * report (Node). Pure.
 */

/** What a timed run is measured by: RunSummary's fields, or the same from the Node run. */
export interface RunTiming {
  width: number;
  height: number;
  tiles: number;
  /** Wall time of normalise → tiles → infer → blend, ms. */
  ms: number;
  /** Of that, time inside session.run, ms. */
  inferenceMs: number;
}

/** Median (mean of the middle two for an even count); throws on an empty list. */
export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall ms per megapixel of the image (not of the tiles, which overlap). */
export function msPerMp(r: RunTiming): number {
  if (!(r.width > 0 && r.height > 0)) throw new Error(`msPerMp: empty image ${r.width}×${r.height}`);
  return r.ms / ((r.width * r.height) / 1e6);
}

/** Share of the wall time spent outside session.run: (ms − inferenceMs) / ms (normalising, tiling, blending, copies). */
export function overheadShare(r: RunTiming): number {
  if (!(r.ms > 0)) throw new Error(`overheadShare: wall time must be > 0, got ${r.ms}`);
  if (!(r.inferenceMs >= 0 && r.inferenceMs <= r.ms * (1 + 1e-9)))
    throw new Error(`overheadShare: inference time ${r.inferenceMs} ms is not within the wall time ${r.ms} ms`);
  return Math.max(0, (r.ms - r.inferenceMs) / r.ms);
}

/** Round to `digits` decimals (report readability; the raw ms stay in `runs`). */
export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
