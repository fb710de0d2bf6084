import { useStudio } from '../../state/studio';

/**
 * The classical baseline's switch and settings in the compare panel: Otsu's threshold with bright or dark
 * foreground, then components under a minimum area removed. Changing them after a comparison re-runs only the
 * baseline (milliseconds), never the networks.
 */
export function BaselineControls({ disabled }: { disabled: boolean }) {
  const on = useStudio((s) => s.compareBaseline);
  const { polarity, minArea } = useStudio((s) => s.compareBaselineOptions);
  const set = useStudio((s) => s.setCompareBaseline);
  return (
    <fieldset className="baseline-controls" disabled={disabled}>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => void set(e.target.checked)} />
        <span>Baseline (Otsu) pane</span>
      </label>
      {on && (
        <>
          <label className="field">
            <span>Baseline foreground</span>
            <select value={polarity} onChange={(e) => void set(true, { polarity: e.target.value as 'bright' | 'dark' })}>
              <option value="bright">bright (above Otsu)</option>
              <option value="dark">dark (at or below Otsu)</option>
            </select>
          </label>
          <label className="field">
            <span>Baseline min. object (px)</span>
            <input type="number" min={0} step={1} value={minArea}
              onChange={(e) => e.target.value !== '' && void set(true, { minArea: Math.max(0, Math.round(Number(e.target.value))) })} />
          </label>
        </>
      )}
    </fieldset>
  );
}
