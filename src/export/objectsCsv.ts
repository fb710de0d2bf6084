import { OBJECT_COLUMNS } from '../measure/columns';
import type { ObjectRow } from '../measure/regionprops';

/**
 * The objects table as CSV (`<name>.objects.csv`): one row per object, columns named as skimage
 * `regionprops_table` names them (label, area, perimeter, centroid-0, …) plus area_um2, circularity and
 * touches_border (1/0). Numbers are written with full precision (shortest round-trip form), undefined values
 * (no pixel size, no intensity image, zero perimeter) as empty cells, which pandas reads as NaN.
 */
export function objectsCsv(rows: readonly ObjectRow[]): string {
  const lines = [OBJECT_COLUMNS.map((c) => c.key).join(',')];
  for (const r of rows) lines.push(OBJECT_COLUMNS.map((c) => formatNumber(c.value(r))).join(','));
  return lines.join('\n') + '\n';
}

/** Full-precision number for CSV/JSON text, '' for NaN/±Infinity. */
export function formatNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}
