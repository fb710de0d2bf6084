import { useMemo } from 'react';
import { OBJECT_COLUMNS, objectColumn } from '../../measure/columns';
import type { ObjectRow } from '../../measure/regionprops';
import { useStudio } from '../../state/studio';
import { formatCell } from './useObjectRows';

const BINS = 20, W = 240, H = 70;

/** Equal-width bins of the finite values (one bin when all values are equal). */
export function histogram(values: number[], bins = BINS): { lo: number; hi: number; counts: number[] } {
  const v = values.filter(Number.isFinite);
  if (!v.length) return { lo: 0, hi: 0, counts: [] };
  const lo = Math.min(...v), hi = Math.max(...v);
  const n = hi > lo ? bins : 1;
  const counts = new Array<number>(n).fill(0);
  for (const x of v) counts[Math.min(n - 1, Math.floor(((x - lo) / (hi - lo || 1)) * n))]++;
  return { lo, hi, counts };
}

/** Histogram of any column over the filtered objects. */
export function ObjectHistogram({ rows }: { rows: ObjectRow[] }) {
  const key = useStudio((s) => s.histogramColumn);
  const setKey = useStudio((s) => s.setHistogramColumn);
  const col = objectColumn(key) ?? OBJECT_COLUMNS[1];
  const h = useMemo(() => histogram(rows.map(col.value)), [rows, col]);
  const max = Math.max(1, ...h.counts);
  const bw = h.counts.length ? W / h.counts.length : W;
  return (
    <div className="objects-histogram">
      <label>Histogram of{' '}
        <select value={col.key} onChange={(e) => setKey(e.target.value)}>
          {OBJECT_COLUMNS.map((c) => <option key={c.key} value={c.key}>{c.title}</option>)}
        </select>
      </label>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Histogram of ${col.title}`} data-bins={h.counts.join(',')}>
        {h.counts.map((c, i) => (
          <rect key={i} x={i * bw + 0.5} width={Math.max(1, bw - 1)} y={H - (c / max) * H} height={(c / max) * H} className="bar">
            <title>{c} objects</title>
          </rect>
        ))}
      </svg>
      <div className="axis"><span>{formatCell(h.lo)}</span><span>{formatCell(h.hi)}</span></div>
    </div>
  );
}
