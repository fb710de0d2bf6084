import { useEffect } from 'react';
import { DIFF_COLORS } from '../../metrics/diffMap';
import { useStudio } from '../../state/studio';
import { CompareTable } from './CompareTable';
import { ComparePane } from './ComparePane';

const KINDS = ['onlyA', 'onlyB', 'both'] as const;

/** Compare mode's result: A and B side by side at the shared threshold, their difference map and metrics. */
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
  useEffect(() => void refresh(), [threshold, groundTruth, refresh]);
  const [ra, rb] = runs;
  if (!open || !image || !ra || !rb || ra.imageId !== image.imageId) return null;
  const name = (id: string) => models.find((m) => m.id === id)?.name ?? id;
  const detail = (r: typeof ra) => `${(r.ms / 1000).toFixed(2)} s · ${r.backend.backend === 'wasm' ? 'WASM' : 'WebGPU'}`;
  return (
    <section className="panel compare" aria-label="Comparison">
      <h2>{`Comparison at threshold ${threshold.toFixed(2)}`}</h2>
      <div className="compare-grid">
        {([['Pane A', ra, overlays[0]], ['Pane B', rb, overlays[1]]] as const).map(([label, r, o]) => (
          <ComparePane key={label} label={label} title={`${label.slice(-1)}: ${name(r.modelId)}`} detail={detail(r)}
            image={image} overlay={o} opacity={showMask ? opacity : 0} />
        ))}
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
