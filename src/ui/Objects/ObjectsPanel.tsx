import { useEffect } from 'react';
import { useStudio } from '../../state/studio';
import { ObjectHistogram } from './ObjectHistogram';
import { ObjectsTable } from './ObjectsTable';
import { useObjectRows } from './useObjectRows';

/**
 * Objects of the result at the current threshold: measurements (as skimage regionprops), a filter that also
 * applies to the exports, a histogram of any column, a sortable table (click a row to zoom to the object) and
 * the exports for Fiji (ROI set), QuPath (GeoJSON) and napari/pandas (CSV).
 */
export function ObjectsPanel() {
  const runId = useStudio((s) => s.result?.runId);
  const threshold = useStudio((s) => s.threshold);
  const wanted = useStudio((s) => s.objectsWanted);
  const loading = useStudio((s) => s.objectsLoading);
  const objects = useStudio((s) => s.objects);
  const measure = useStudio((s) => s.measureObjects);
  const filter = useStudio((s) => s.objectFilter);
  const setFilter = useStudio((s) => s.setObjectFilter);
  const download = useStudio((s) => s.downloadObjects);
  const { rows, total } = useObjectRows();
  // Once asked for, the table follows the result and the threshold (the worker answers latest-wins).
  useEffect(() => { if (wanted && runId) void measure(); }, [wanted, runId, threshold, measure]);
  if (!runId) return null;
  const current = objects && objects.runId === runId && objects.threshold === threshold;
  return (
    <section className="panel objects-panel" aria-label="Objects" aria-busy={loading}>
      <h2>Objects</h2>
      {!wanted ? (
        <button type="button" onClick={() => void measure()}>Measure objects</button>
      ) : (
        <>
          <div className="row">
            <label>Min area (px){' '}
              <input type="number" min={0} step={1} value={filter.minArea ?? ''} style={{ width: '6em' }}
                onChange={(e) => setFilter({ ...filter, minArea: e.target.value === '' ? undefined : Number(e.target.value) })} />
            </label>
            <label><input type="checkbox" checked={!!filter.excludeBorder}
              onChange={(e) => setFilter({ ...filter, excludeBorder: e.target.checked })} /> Drop border objects</label>
          </div>
          <p className="hint" aria-live="polite" data-objects={current ? rows.length : ''}>
            {current ? `${rows.length} of ${total} objects` : 'Measuring…'}
            {objects && !objects.withIntensity ? ' (no intensities: the image is no longer held)' : ''}
          </p>
          {current && <ObjectHistogram rows={rows} />}
          {current && <ObjectsTable rows={rows} />}
          <div className="row">
            <button type="button" onClick={() => void download('csv')} title="label, area (px), … as skimage regionprops_table names them">Objects (CSV)</button>
            <button type="button" onClick={() => void download('geojson')} title="QuPath: File › Import objects">GeoJSON (QuPath)</button>
            <button type="button" onClick={() => void download('roi')} title="Fiji: ROI Manager › More › Open">ImageJ ROIs (.zip)</button>
          </div>
        </>
      )}
    </section>
  );
}
