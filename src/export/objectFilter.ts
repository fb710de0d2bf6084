import type { ObjectRow } from '../measure/regionprops';

/** Which objects are kept for the table's exports: the same filter applies to every format. */
export interface ObjectFilter {
  /** Keep objects with area (pixels) ≥ minArea. */
  minArea?: number;
  /** Keep objects with area (pixels) ≤ maxArea. */
  maxArea?: number;
  /** Drop objects that touch the image border. */
  excludeBorder?: boolean;
}

/** True when the row passes the filter (an empty filter keeps everything). */
export function keepObject(row: ObjectRow, f: ObjectFilter | undefined): boolean {
  if (!f) return true;
  if (f.minArea !== undefined && row.area < f.minArea) return false;
  if (f.maxArea !== undefined && row.area > f.maxArea) return false;
  if (f.excludeBorder && row.touchesBorder) return false;
  return true;
}

/** The rows that pass, in their order. */
export function filterObjects(rows: readonly ObjectRow[], f: ObjectFilter | undefined): ObjectRow[] {
  return rows.filter((r) => keepObject(r, f));
}

/** Labels with the dropped objects set to 0 (a copy; labels keep their numbers so they match the table). */
export function filterLabels<T extends Uint32Array | Uint16Array>(labels: T, kept: readonly ObjectRow[]): T {
  const keep = new Set(kept.map((r) => r.label));
  const out = labels.slice() as T;
  for (let i = 0; i < out.length; i++) if (out[i] !== 0 && !keep.has(out[i])) out[i] = 0;
  return out;
}
