import { useEffect } from 'react';
import { DIFF_COLORS } from '../../metrics/diffMap';
import { useStudio } from '../../state/studio';
import type { BaselineSummary } from '../../worker/api';
import { CompareTable } from './CompareTable';
import { ComparePane } from './ComparePane';

const KINDS = ['onlyA', 'onlyB', 'both'] as const;

/** "t = 132 · bright · ≥ 64 px (5 removed) · 0.02 s": what Otsu chose and what was cleaned up. */
const baselineDetail = (r: BaselineSummary) =>
  `t = ${+r.baseline.threshold.toFixed(3)} · ${r.baseline.polarity} · ≥ ${r.baseline.minArea} px (${r.baseline.removedObjects} removed) · ${(r.ms / 1000).toFixed(2)} s`;

/**
 * Compare mode's result: A and B side by side at the shared threshold, the classical baseline when switched on,
 * the A/B difference map and the metrics. All panes share one zoom/pan viewport.
 */
export function CompareView() {
  const open = useStudio((s) => s.compareOpen);
  const image = useStudio((s) => s.image);
  const runs = useStudio((s) => s.compareRuns);
  const overlays = useStudio((s) => s.compareOverlays);
  const diff = useStudio((s) => s.compareDiff);
  const models = useStudio((s) => s.models);
  const opacity = useStudio((s) => s.opacity);
  const showMask = useStudio((s) => s.showMask);
  const threshold = useStudio((s) => s.threshold);
  const groundTruth = useStudio((s) => s.groundTruth);
  const refresh = useStudio((s) => s.refreshCompare);
  const baseline = useStudio((s) => (s.compareBaseline ? s.compareBaselineRun : null));
  const baselineOverlay = useStudio((s) => s.compareBaselineOverlay);
  // Closed panes are not drawn, so threshold moves cost nothing there; reopening refreshes once.
  useEffect(() => {
    if (open) void refresh();
  }, [threshold, groundTruth, open, refresh]);
  const [ra, rb] = runs;
  if (!open || !image || !ra || !rb || ra.imageId !== image.imageId) return null;
  const name = (id: string) => models.find((m) => m.id === id)?.name ?? id;
  const detail = (r: typeof ra) => `${(r.ms / 1000).toFixed(2)} s · ${r.backend.backend === 'wasm' ? 'WASM' : 'WebGPU'}`;
  return (
    <section className="panel compare" aria-label="Comparison">
      <h2>{`Comparison at threshold ${threshold.toFixed(2)}`}</h2>
      <div className={`compare-grid${baseline?.imageId === image.imageId ? ' with-baseline' : ''}`}>
        {([['Pane A', ra, overlays[0]], ['Pane B', rb, overlays[1]]] as const).map(([label, r, o]) => (
          <ComparePane key={label} label={label} title={`${label.slice(-1)}: ${name(r.modelId)}`} detail={detail(r)}
            image={image} overlay={o} opacity={showMask ? opacity : 0} />
        ))}
        {baseline?.imageId === image.imageId && (
          <ComparePane label="Baseline" title="Baseline (Otsu)" detail={baselineDetail(baseline)}
            image={image} overlay={baselineOverlay} opacity={showMask ? opacity : 0} />
        )}
        <ComparePane label="Difference" title="Difference A / B" detail="where the masks disagree" image={image} overlay={diff} opacity={0.85}>
          {diff && (
            <ul className="legend" aria-label="Difference legend">
              {KINDS.map((k) => (
                <li key={k} data-kind={k}>
                  <i className="swatch" style={{ background: DIFF_COLORS[k].hex }} title={DIFF_COLORS[k].name} />
                  <span>{DIFF_COLORS[k].label}</span>
                  <span className="mono" data-count={diff.counts[k]}>{diff.counts[k].toLocaleString('en-US')} px</span>
                </li>
              ))}
            </ul>
          )}
        </ComparePane>
      </div>
      <CompareTable />
      <p className="hint">Difference colours from the Okabe–Ito palette (colour-blind safe); pixels neither model marks are not drawn.</p>
    </section>
  );
}
