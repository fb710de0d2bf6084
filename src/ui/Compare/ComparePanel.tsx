import { useStudio } from '../../state/studio';
import { ModelOptions } from '../common/ModelOptions';
import { BaselineControls } from './BaselineControls';

/**
 * One-click A/B pairs, shown when both models are in the manifest: each model against its no-skip ablation,
 * and the EM model against its int8 CPU variant (what quantisation costs, pixel by pixel).
 */
export const COMPARE_PRESETS: [string, string][] = [
  ['em-unet', 'em-unet-noskip'], ['cells-synthetic', 'cells-synthetic-noskip'], ['em-unet', 'em-unet-int8'],
];

/** Sidebar section of compare mode: pick model A and B (or a preset), run both, see which one is running. */
export function ComparePanel() {
  const open = useStudio((s) => s.compareOpen);
  const setOpen = useStudio((s) => s.setCompareOpen);
  const models = useStudio((s) => s.models);
  const [a, b] = useStudio((s) => s.compareModels);
  const setModels = useStudio((s) => s.setCompareModels);
  const run = useStudio((s) => s.runComparison);
  const status = useStudio((s) => s.compareStatus);
  const progress = useStudio((s) => s.compareProgress);
  const hasImage = useStudio((s) => !!s.image);
  const cancel = useStudio((s) => s.cancelComparison);
  const comparing = status === 'running' || status === 'cancelling';
  const busy = useStudio((s) => s.compareStatus === 'running' || s.compareStatus === 'cancelling' || s.runStatus === 'running' || s.runStatus === 'cancelling');
  const ids = new Set(models.map((m) => m.id));
  const presets = COMPARE_PRESETS.filter(([x, y]) => ids.has(x) && ids.has(y));
  const name = (id: string) => models.find((m) => m.id === id)?.name ?? id;
  const picker = (label: string, value: string, onPick: (id: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onPick(e.target.value)} disabled={busy}>
        <option value="">Choose…</option>
        <ModelOptions models={models} />
      </select>
    </label>
  );
  return (
    <section className="panel" aria-label="Compare">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>Compare models</button>
      {open && (
        <>
          {presets.map(([x, y]) => (
            <button key={`${x}|${y}`} type="button" disabled={busy} onClick={() => setModels(x, y)}>{`${x} vs ${y}`}</button>
          ))}
          {picker('Compare A', a, (id) => setModels(id, b))}
          {picker('Compare B', b, (id) => setModels(a, id))}
          <BaselineControls disabled={busy} />
          {comparing
            ? <button type="button" onClick={cancel} disabled={status === 'cancelling'}>Cancel comparison</button>
            : <button type="button" onClick={() => void run()} disabled={busy || !hasImage || !a || !b}>Run comparison</button>}
          <p aria-live="polite" className="hint" data-testid="compare-status">
            {progress
              ? `${progress.slot === 0 ? 'A' : 'B'} (${name(progress.slot === 0 ? a : b)}): ${progress.progress.stage === 'loading-model' ? 'loading model…' : `tile ${progress.progress.done} / ${progress.progress.total}`}`
              : status === 'done' ? 'Comparison done' : status === 'failed' ? 'Comparison failed' : status === 'cancelled' ? 'Comparison cancelled'
                : hasImage ? '' : 'Open an image to compare models on it.'}
          </p>
        </>
      )}
    </section>
  );
}
