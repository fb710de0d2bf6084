import { useRunProgress } from '../../hooks/useRunProgress';
import { currentTilingProblem } from '../../state/modelSlice';
import { useStudio } from '../../state/studio';

/** "Segment" ("Segment plane" and "Segment stack" for stacks), the tile progress bar with "done / total", "Cancel", and the run's status line. */
export function RunControls() {
  const startRun = useStudio((s) => s.startRun);
  const cancelRun = useStudio((s) => s.cancelRun);
  const startStackRun = useStudio((s) => s.startStackRun);
  const stack = useStudio((s) => (s.image ? s.image.axes.sizeT * s.image.axes.sizeZ > 1 : false));
  const ready = useStudio((s) => (!!s.image || !!s.largeImage) && !!s.modelId && !s.imageLoading && !currentTilingProblem(s));
  const { status, done, total, text } = useRunProgress();
  const busy = status === 'running' || status === 'cancelling';
  return (
    <section className="panel">
      <h2>Run</h2>
      <div className="row">
        <button type="button" className="primary" onClick={() => void startRun()} disabled={!ready || busy}>
          {stack ? 'Segment plane' : 'Segment'}
        </button>
        {stack && (
          <button type="button" onClick={() => void startStackRun()} disabled={!ready || busy} title="Every Z and T plane of the model channel">
            Segment stack
          </button>
        )}
        {busy && (
          <button type="button" onClick={() => void cancelRun()} disabled={status === 'cancelling'}>
            Cancel
          </button>
        )}
      </div>
      {busy && (
        <div className="progress-row">
          <progress aria-label="Segmentation progress" max={total || 1} value={total ? done : undefined} />
          <span className="mono" aria-hidden="true">{total ? `${done} / ${total}` : '…'}</span>
        </div>
      )}
      <p role="status" className={`status status-${status}`}>{text}</p>
    </section>
  );
}
