import { useStudio } from '../../state/studio';

const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(4));

/**
 * Metrics of both compared runs, and of the classical baseline when shown, against the ground truth (IoU, Dice,
 * object F1) at the shared threshold.
 */
export function CompareTable() {
  const runs = useStudio((s) => s.compareRuns);
  const metrics = useStudio((s) => s.compareMetrics);
  const models = useStudio((s) => s.models);
  const hasTruth = useStudio((s) => !!s.groundTruth);
  const baseline = useStudio((s) => (s.compareBaseline && s.compareBaselineRun?.imageId === runs[0]?.imageId ? s.compareBaselineRun : null));
  const baselineMetrics = useStudio((s) => s.compareBaselineMetrics);
  const bm = baseline && baselineMetrics?.runId === baseline.runId ? baselineMetrics : null;
  const baselineCell = (field: string, v: number | undefined) =>
    <td data-field={`compare-${field}-baseline`} data-value={v ?? ''} className="mono">{fmt(v)}</td>;
  return (
    <table className="compare-table" aria-label="Comparison metrics">
      <thead>
        <tr><th>Model</th><th>IoU</th><th>Dice</th><th>Object F1</th><th>Run time</th></tr>
      </thead>
      <tbody>
        {runs.map((r, i) => {
          if (!r) return null;
          const m = metrics[i] && metrics[i].runId === r.runId ? metrics[i] : null;
          const slot = i === 0 ? 'a' : 'b';
          const cell = (field: string, v: number | undefined) => <td data-field={`compare-${field}-${slot}`} data-value={v ?? ''} className="mono">{fmt(v)}</td>;
          return (
            <tr key={slot} data-model={r.modelId}>
              <th scope="row">{`${slot.toUpperCase()}: ${models.find((c) => c.id === r.modelId)?.name ?? r.modelId}`}</th>
              {cell('iou', m?.pixel.iou)}
              {cell('dice', m?.pixel.dice)}
              {cell('f1', m?.objects.f1)}
              <td className="mono">{`${(r.ms / 1000).toFixed(2)} s`}</td>
            </tr>
          );
        })}
        {baseline && (
          <tr key="baseline" data-model={baseline.modelId}>
            <th scope="row">Baseline: Otsu + small-object removal</th>
            {baselineCell('iou', bm?.pixel.iou)}
            {baselineCell('dice', bm?.pixel.dice)}
            {baselineCell('f1', bm?.objects.f1)}
            <td className="mono">{`${(baseline.ms / 1000).toFixed(2)} s`}</td>
          </tr>
        )}
      </tbody>
      {!hasTruth && <caption className="hint">Open a ground-truth mask to score both models.</caption>}
    </table>
  );
}
