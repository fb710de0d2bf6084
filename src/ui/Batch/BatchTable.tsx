import { useMemo, useState } from 'react';
import { BATCH_COLUMNS, meanSd, sortRows, type BatchColumn, type BatchRow } from '../../batch/table';
import { useStudio } from '../../state/studio';

const cell = (v: BatchRow[BatchColumn]): string =>
  v === undefined ? '—' : typeof v === 'string' ? v : Number.isInteger(v) ? String(v) : v.toFixed(4);

/**
 * The batch results: one row per image (plane), sortable by any column (click its header), a mean ± sd row,
 * failed images with their message; clicking a row opens that image with its result. CSV and ZIP exports.
 */
export function BatchTable() {
  const items = useStudio((s) => s.batchItems);
  const openItem = useStudio((s) => s.openBatchItem);
  const csv = useStudio((s) => s.downloadBatchCsv);
  const zip = useStudio((s) => s.downloadBatchZip);
  const status = useStudio((s) => s.batchStatus);
  const [sort, setSort] = useState<{ key: BatchColumn; dir: 'asc' | 'desc' }>({ key: 'name', dir: 'asc' });
  const rows = useMemo(() => items.flatMap((i) => (i.rows ?? []).map((r) => ({ ...r, index: i.index }))), [items]);
  const sorted = useMemo(() => sortRows(rows, sort.key, sort.dir) as (BatchRow & { index: number })[], [rows, sort]);
  const failed = items.filter((i) => i.status === 'failed');
  if (!items.length) return null;
  const toggle = (key: BatchColumn) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }));
  return (
    <section className="batch-results" aria-label="Batch results">
      <div className="row">
        <h2>Batch results</h2>
        <button type="button" disabled={!rows.length} onClick={() => void csv()}>Export table (CSV)</button>
        <button type="button" disabled={!rows.length || status === 'running'} onClick={() => void zip()}>Export results (ZIP)</button>
      </div>
      <table className="batch-table">
        <thead>
          <tr>
            {BATCH_COLUMNS.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="link" onClick={() => toggle(c.key)}>{c.label}</button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={`${r.index}-${r.plane}`} tabIndex={0} className="clickable" aria-label={`Open ${r.name}${r.plane ? ` plane ${r.plane}` : ''}`}
              onClick={() => void openItem(r.index)} onKeyDown={(e) => { if (e.key === 'Enter') void openItem(r.index); }}>
              {BATCH_COLUMNS.map((c) => <td key={c.key} data-col={c.csv}>{cell(r[c.key])}</td>)}
            </tr>
          ))}
        </tbody>
        {rows.length > 0 && (
          <tfoot>
            <tr aria-label="Mean ± sd">
              {BATCH_COLUMNS.map((c, i) => {
                const m = c.numeric && c.key !== 'plane' ? meanSd(rows, c.key) : undefined;
                return <td key={c.key} data-col={c.csv}>{i === 0 ? 'mean ± sd' : m ? `${m.mean.toFixed(4)} ± ${m.sd.toFixed(4)}` : ''}</td>;
              })}
            </tr>
          </tfoot>
        )}
      </table>
      {failed.length > 0 && (
        <ul className="batch-failed" aria-label="Failed images">
          {failed.map((f) => <li key={f.index}>{f.name}: {f.error}</li>)}
        </ul>
      )}
    </section>
  );
}
