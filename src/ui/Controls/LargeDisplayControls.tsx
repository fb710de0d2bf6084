import { useState } from 'react';
import { useStudio } from '../../state/studio';
import { editWindow, effectiveWindow } from '../../viewer/displayWindow';
import { WindowField } from './WindowField';

/**
 * Contrast of a large image: the same min / max fields and "Auto" as an ordinary image's channel (no histogram:
 * the large image is never read whole). The window applies at render time to the pyramid's levels
 * (viewer/displayWindow.ts), so the visible region re-draws without a new pass over the file.
 */
export function LargeDisplayControls() {
  const large = useStudio((s) => s.largeImage);
  const chosen = useStudio((s) => s.largeWindow);
  const setWindow = useStudio((s) => s.setLargeWindow);
  const [problem, setProblem] = useState<string | null>(null);
  if (!large) return null;
  const w = effectiveWindow(large.window, chosen);
  const commit = (end: 'min' | 'max', v: number) => {
    const r = editWindow(w, end, v);
    if ('problem' in r) return setProblem(r.problem);
    setProblem(null);
    setWindow(r.window);
  };
  return (
    <section className="panel" aria-label="Display">
      <h2>Display</h2>
      <div className="row">
        <WindowField label="Display minimum" value={w[0]} onCommit={(v) => commit('min', v)} />
        <WindowField label="Display maximum" value={w[1]} onCommit={(v) => commit('max', v)} />
        <button type="button" aria-label="Auto contrast" disabled={!chosen} onClick={() => { setProblem(null); setWindow(null); }}>Auto</button>
      </div>
      <p className="hint" role={problem ? 'alert' : undefined}>
        {problem ?? (chosen ? 'Your window. "Auto" returns to the sampled 0.3–99.7 %.' : 'Sampled 0.3–99.7 % window (Auto).')}
        {' '}Display only: the model reads the image unchanged.
      </p>
    </section>
  );
}
