/**
 * summary.csv of `npm run segment` (pure): one row per image and plane, sorted by name (UTF-16 code units, so
 * independent of the locale) and plane. Rows are formatted once, when an image finishes; the per-image `.row.csv`
 * sidecars, the per-shard summaries and the merge all move those same lines, so a merged summary is byte-identical
 * to the one a single run writes.
 */

import type { ImageRow } from '../batch/table';

export const SUMMARY_HEADER = 'name,plane,width,height,objects,foreground_fraction,iou,dice,f1';

export interface SummaryRow extends ImageRow {
  /** Pixel IoU, Dice and object F1 (IoU ≥ 0.5) against a paired mask; absent without one. */
  metrics?: { iou: number; dice: number; f1: number };
  /** Data warnings of the plane and its mask (io/warnings.ts): printed on stderr, not part of the CSV. */
  warnings?: string[];
}

/** A formatted row with the keys it sorts by. */
export interface SummaryLine {
  name: string;
  plane: number;
  line: string;
}

const fix6 = (x: number) => (Number.isFinite(x) ? x.toFixed(6) : '');

/** RFC 4180 quoting, only where a cell needs it. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Split one CSV line into cells (RFC 4180 quotes; no embedded newlines in our names). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ',') { cells.push(cur); cur = ''; }
    else cur += ch;
  }
  cells.push(cur);
  return cells;
}

export function formatRow(r: SummaryRow): SummaryLine {
  const m = r.metrics;
  const cells = [csvCell(r.name), String(r.plane), String(r.width), String(r.height), String(r.objects), fix6(r.foregroundFraction),
    m ? fix6(m.iou) : '', m ? fix6(m.dice) : '', m ? fix6(m.f1) : ''];
  return { name: r.name, plane: r.plane, line: cells.join(',') };
}

/** The order of every summary: name by code units, then plane. */
export function compareLines(a: Pick<SummaryLine, 'name' | 'plane'>, b: Pick<SummaryLine, 'name' | 'plane'>): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.plane - b.plane;
}

/** The file text: header, then the rows sorted, each line ending in "\n". */
export function formatSummary(lines: readonly SummaryLine[]): string {
  return [SUMMARY_HEADER, ...[...lines].sort(compareLines).map((l) => l.line)].join('\n') + '\n';
}

/**
 * Read a summary (or a `.row.csv` sidecar) back into lines; `source` names it in messages.
 * @throws Error when the header is not SUMMARY_HEADER or a row does not have 9 cells and an integer plane.
 */
export function parseSummary(text: string, source: string): SummaryLine[] {
  const rows = text.split(/\r?\n/);
  if (rows[0] !== SUMMARY_HEADER) throw new Error(`${source}: not a segment summary (the first line must be "${SUMMARY_HEADER}")`);
  const out: SummaryLine[] = [];
  for (let i = 1; i < rows.length; i++) {
    const line = rows[i];
    if (line === '') continue;
    const cells = splitCsvLine(line);
    if (cells.length !== 9 || !/^\d+$/.test(cells[1])) throw new Error(`${source}: line ${i + 1} is not a summary row: ${line}`);
    out.push({ name: cells[0], plane: Number(cells[1]), line });
  }
  return out;
}

/**
 * Merge the rows of several summaries: a (name, plane) seen twice must carry the same line (a shard run twice,
 * or a summary given both as a directory and a file); a different line means two runs disagree, which throws.
 */
export function mergeLines(parts: readonly { source: string; lines: readonly SummaryLine[] }[]): SummaryLine[] {
  const byKey = new Map<string, { line: SummaryLine; source: string }>();
  for (const { source, lines } of parts)
    for (const l of lines) {
      const key = `${l.plane}\u0000${l.name}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { line: l, source });
      else if (seen.line.line !== l.line)
        throw new Error(`"${l.name}" plane ${l.plane} differs between ${seen.source} and ${source}: "${seen.line.line}" vs "${l.line}"`);
    }
  return [...byKey.values()].map((v) => v.line).sort(compareLines);
}

/** Shard summaries in a directory: `summary.shard-I-of-N.csv`; missing shards of the same N are reported. */
export function shardFiles(names: readonly string[]): { files: string[]; missing: string[] } {
  const re = /^summary\.shard-(\d+)-of-(\d+)\.csv$/;
  const files = names.filter((n) => re.test(n)).sort();
  const missing: string[] = [];
  const counts = new Set(files.map((f) => Number(re.exec(f)![2])));
  for (const n of counts)
    for (let i = 1; i <= n; i++) if (!files.includes(`summary.shard-${i}-of-${n}.csv`)) missing.push(`summary.shard-${i}-of-${n}.csv`);
  return { files, missing };
}
