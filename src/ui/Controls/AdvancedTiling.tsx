import { currentTilingProblem } from '../../state/modelSlice';
import { useStudio } from '../../state/studio';
import type { BlendMode } from '../../tiling/blendTiles';
import { BLEND_MODES } from '../../tiling/validateTiling';

const BLEND_LABELS: Record<BlendMode, string> = { crop: 'Crop (exact overlap-tile)', taper: 'Taper', gaussian: 'Gaussian' };

/** An emptied number field is NaN, which tilingProblem reports ("must be a positive multiple…"). */
const asNumber = (v: string): number => (v.trim() === '' ? NaN : Number(v));
const shown = (n: number): number | '' => (Number.isNaN(n) ? '' : n);

/**
 * "Advanced": the overlap-tile size, halo and blend of the next run. They start at the selected model card's
 * values and reset when the model changes (modelSlice); an invalid choice shows why inline and RunControls
 * disables "Segment" (tiling/validateTiling.ts).
 */
export function AdvancedTiling() {
  const tiling = useStudio((s) => s.tiling);
  const setTiling = useStudio((s) => s.setTiling);
  const problem = useStudio((s) => currentTilingProblem(s));
  const busy = useStudio((s) => s.runStatus === 'running' || s.runStatus === 'cancelling');
  if (!tiling) return null;
  return (
    <details className="advanced">
      <summary>Advanced</summary>
      <label className="field">
        <span>Tile size</span>
        <input type="number" min={1} step={1} value={shown(tiling.tile)} disabled={busy} aria-describedby="tiling-problem"
          onChange={(e) => setTiling({ tile: asNumber(e.target.value) })} />
      </label>
      <label className="field">
        <span>Halo</span>
        <input type="number" min={0} step={1} value={shown(tiling.halo)} disabled={busy} aria-describedby="tiling-problem"
          onChange={(e) => setTiling({ halo: asNumber(e.target.value) })} />
      </label>
      <label className="field">
        <span>Blend</span>
        <select value={tiling.blend} disabled={busy} onChange={(e) => setTiling({ blend: e.target.value as BlendMode })}>
          {BLEND_MODES.map((b) => <option key={b} value={b}>{BLEND_LABELS[b]}</option>)}
        </select>
      </label>
      <p id="tiling-problem" className="field-error" aria-live="polite">{problem ?? ''}</p>
    </details>
  );
}
