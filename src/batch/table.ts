/**
 * The batch results table: one row per image (and plane), sortable, with a mean ± sd row, and its CSV.
 * Column names follow `npm run segment`'s summary.csv (name, plane, width, height, objects,
 * foreground_fraction, iou, dice, f1) plus mean_object_area. Pure.
 */

/** What every results row says of one image plane (the batch table and `npm run segment`'s summary.csv). */
export interface ImageRow {
  name: string;
  plane: number;
  width: number;
  height: number;
  objects: number;
  /** Foreground pixels ÷ all pixels at the threshold. */
  foregroundFraction: number;
}

export interface BatchRow extends ImageRow {
  /** Mean object area in pixels (0 when there is no object). */
  meanObjectArea: number;
  /** Pixel IoU, Dice and object F1 (IoU ≥ 0.5) against the paired mask; undefined without one. */
  iou?: number;
  dice?: number;
  f1?: number;
}

export type BatchColumn = keyof BatchRow;

export const BATCH_COLUMNS: { key: BatchColumn; csv: string; label: string; numeric: boolean }[] = [
  { key: 'name', csv: 'name', label: 'Image', numeric: false },
  { key: 'plane', csv: 'plane', label: 'Plane', numeric: true },
  { key: 'width', csv: 'width', label: 'Width', numeric: true },
  { key: 'height', csv: 'height', label: 'Height', numeric: true },
  { key: 'objects', csv: 'objects', label: 'Objects', numeric: true },
  { key: 'foregroundFraction', csv: 'foreground_fraction', label: 'Foreground', numeric: true },
  { key: 'meanObjectArea', csv: 'mean_object_area', label: 'Mean area (px)', numeric: true },
  { key: 'iou', csv: 'iou', label: 'IoU', numeric: true },
  { key: 'dice', csv: 'dice', label: 'Dice', numeric: true },
  { key: 'f1', csv: 'f1', label: 'Object F1', numeric: true },
];

/** Rows sorted by one column; missing values (no mask) last in either direction; ties keep name order. */
export function sortRows(rows: BatchRow[], key: BatchColumn, dir: 'asc' | 'desc'): BatchRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows.slice().sort((a, b) => {
    const x = a[key], y = b[key];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
    return c !== 0 ? sign * c : a.name.localeCompare(b.name) || a.plane - b.plane;
  });
}

export interface MeanSd {
  mean: number;
  sd: number;
  n: number;
}

/** Mean and sample standard deviation (n − 1) of a numeric column over the rows that have it. */
export function meanSd(rows: BatchRow[], key: BatchColumn): MeanSd | undefined {
  const v = rows.map((r) => r[key]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return undefined;
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, n: v.length };
}

const fmt = (x: number | string | undefined): string => {
  if (x === undefined) return '';
  if (typeof x === 'string') return /[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
  return Number.isInteger(x) ? String(x) : x.toFixed(6);
};

/** CSV with a header row, one row per image/plane, and `mean` / `sd` rows at the end. */
export function batchCsv(rows: BatchRow[]): string {
  const head = BATCH_COLUMNS.map((c) => c.csv).join(',');
  const body = rows.map((r) => BATCH_COLUMNS.map((c) => fmt(r[c.key])).join(','));
  const stat = (which: 'mean' | 'sd') => BATCH_COLUMNS.map((c, i) => {
    if (i === 0) return which;
    if (!c.numeric || c.key === 'plane') return '';
    const m = meanSd(rows, c.key);
    return m ? m[which].toFixed(6) : '';
  }).join(',');
  return [head, ...body, ...(rows.length ? [stat('mean'), stat('sd')] : [])].join('\n') + '\n';
}
