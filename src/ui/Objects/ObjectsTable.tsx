import { OBJECT_COLUMNS } from '../../measure/columns';
import type { ObjectRow } from '../../measure/regionprops';
import { useStudio } from '../../state/studio';
import { zoomToBox } from '../../viewer/zoomToBox';
import { formatCell } from './useObjectRows';

/** Rows drawn at most; the rest are still sorted, filtered and exported. */
export const MAX_TABLE_ROWS = 500;

/**
 * The objects table: every column (skimage names in the header's title), sorted by a click on a header, a click
 * on a row zooms the viewer to that object and outlines it. Each cell carries its full value in data-value.
 */
export function ObjectsTable({ rows }: { rows: ObjectRow[] }) {
  const sort = useStudio((s) => s.objectSort);
  const setSort = useStudio((s) => s.setObjectSort);
  const selected = useStudio((s) => s.selectedObject?.row.label);
  const selectObject = useStudio((s) => s.selectObject);
  const setViewport = useStudio((s) => s.setViewport);
  const image = useStudio((s) => s.image);
  const open = (row: ObjectRow) => {
    void selectObject(row);
    const el = document.querySelector('[aria-label="Image viewport"]');
    if (!image || !el) return;
    const { width, height } = el.getBoundingClientRect();
    if (width > 0 && height > 0) setViewport({ ...zoomToBox(row.bbox, image, { width, height }), imageId: image.imageId });
  };
  return (
    <div className="objects-table-wrap">
      <table className="objects-table" aria-label="Objects">
        <thead>
          <tr>
            {OBJECT_COLUMNS.map((c) => (
              <th key={c.key} scope="col" title={c.key} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort(c.key)}>{c.title}{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}</button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_TABLE_ROWS).map((r) => (
            <tr key={r.label} data-label={r.label} aria-selected={selected === r.label} onClick={() => open(r)}
              tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') open(r); }}>
              {OBJECT_COLUMNS.map((c) => {
                const v = c.value(r);
                return <td key={c.key} data-key={c.key} data-value={Number.isFinite(v) ? String(v) : ''}>{formatCell(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_TABLE_ROWS && <p className="hint">Showing {MAX_TABLE_ROWS} of {rows.length} objects; all are exported.</p>}
    </div>
  );
}
