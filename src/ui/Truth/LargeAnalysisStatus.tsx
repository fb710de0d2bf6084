import type { AnalysisProgress } from '../../worker/largePace';
import { useStudio } from '../../state/studio';

const WHAT = { counting: 'Counting objects', metrics: 'Computing metrics', truth: 'Reading mask' } as const;

/**
 * Progress of the worker's tile-by-tile analysis of a large image (counts, metrics against the mask, reading
 * the mask), with "Cancel"; after a cancel, "Recompute" asks for the current threshold again. Shown where the
 * person looks for the outcome: counts in the Info panel, metrics in the Metrics panel, the mask in its panel.
 */
export function LargeAnalysisStatus({ stages }: { stages: AnalysisProgress['stage'][] }) {
  const a = useStudio((s) => (s.largeAnalysis && stages.includes(s.largeAnalysis.stage) ? s.largeAnalysis : null));
  const cancelled = useStudio((s) => (stages.includes('truth') ? null : s.largeAnalysisCancelled));
  const cancel = useStudio((s) => s.cancelLargeAnalysis);
  const refresh = useStudio((s) => s.refreshLargeRun);
  if (a) {
    const pct = a.total ? Math.floor((100 * a.done) / a.total) : 0;
    return (
      <div className="row large-analysis" role="status" aria-live="polite" data-stage={a.stage} data-done={a.done} data-total={a.total}>
        <span>{WHAT[a.stage]}{a.stage === 'truth' ? '' : ` at ${a.threshold.toFixed(2)}`}… {pct} %</span>
        <progress max={a.total} value={a.done} aria-label={`${WHAT[a.stage]} progress`} />
        <button type="button" onClick={() => void cancel()}>Cancel {a.stage === 'counting' ? 'counting' : a.stage === 'truth' ? 'reading' : 'metrics'}</button>
      </div>
    );
  }
  if (cancelled === null) return null;
  return (
    <div className="row large-analysis" role="status">
      <span>Cancelled at {cancelled.toFixed(2)}.</span>
      <button type="button" onClick={() => void refresh()}>Recompute</button>
    </div>
  );
}
