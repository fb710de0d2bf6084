import { truthCoversImage } from '../../state/planeSlice';
import { useStudio } from '../../state/studio';
import type { OverlayMode } from '../../state/types';

/** Overlay settings: show/hide, mask, contours or error map, threshold (worker re-render), opacity (CSS only), export. */
export function ViewControls() {
  const threshold = useStudio((s) => s.threshold);
  const opacity = useStudio((s) => s.opacity);
  const showMask = useStudio((s) => s.showMask);
  const mode = useStudio((s) => s.overlayMode);
  const hasResult = useStudio((s) => !!s.result);
  const hasTruth = useStudio(truthCoversImage);
  const a = {
    setShowMask: useStudio((s) => s.setShowMask),
    setOverlayMode: useStudio((s) => s.setOverlayMode),
    setThreshold: useStudio((s) => s.setThreshold),
    setOpacity: useStudio((s) => s.setOpacity),
    downloadMask: useStudio((s) => s.downloadMask),
  };
  return (
    <section className="panel">
      <h2>Overlay</h2>
      <label className="check">
        <input type="checkbox" checked={showMask} onChange={(e) => a.setShowMask(e.target.checked)} />
        <span>Show mask</span>
      </label>
      <label className="field">
        <span>Overlay mode</span>
        <select value={mode} onChange={(e) => a.setOverlayMode(e.target.value as OverlayMode)}>
          <option value="mask">Mask</option>
          <option value="contours">Contours</option>
          <option value="errors" disabled={!hasTruth}>{hasTruth ? 'Error map' : 'Error map (needs this plane’s ground truth)'}</option>
        </select>
      </label>
      <label className="field">
        <span>Threshold <span className="mono" aria-hidden="true">{threshold.toFixed(2)}</span></span>
        <input type="range" aria-label="Threshold" min={0.01} max={0.99} step={0.01} value={threshold} onChange={(e) => a.setThreshold(Number(e.target.value))} />
      </label>
      <label className="field">
        <span>Overlay opacity <span className="mono" aria-hidden="true">{Math.round(opacity * 100)}%</span></span>
        <input type="range" aria-label="Overlay opacity" min={0} max={1} step={0.05} value={opacity} onChange={(e) => a.setOpacity(Number(e.target.value))} />
      </label>
      <button type="button" onClick={() => void a.downloadMask()} disabled={!hasResult}>
        Download mask (PNG)
      </button>
    </section>
  );
}
