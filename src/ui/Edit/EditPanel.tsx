import { activeEdit } from '../../state/editSlice';
import { useStudio } from '../../state/studio';
import { EditToolbar } from './EditToolbar';
import { TrainingSet } from './TrainingSet';

/**
 * "Correct mask": the Edit toolbar on the current result, the corrected layer (show it, or its difference
 * from the network's mask), "Use as ground truth", its exports and the training set.
 */
export function EditPanel() {
  const hasResult = useStudio((s) => !!s.result && s.runStatus !== 'running');
  const active = useStudio((s) => !!activeEdit(s));
  const objects = useStudio((s) => activeEdit(s)?.objects);
  const steps = useStudio((s) => activeEdit(s)?.undoSteps);
  const show = useStudio((s) => s.showEdited);
  const view = useStudio((s) => s.editView);
  const note = useStudio((s) => s.editNote);
  const a = {
    setShow: useStudio((s) => s.setShowEdited),
    setView: useStudio((s) => s.setEditView),
    useAsTruth: useStudio((s) => s.useEditAsTruth),
    mask: useStudio((s) => s.downloadEditedMask),
    labels: useStudio((s) => s.downloadEditedLabels),
  };
  return (
    <section className="panel" aria-label="Correct mask" data-undo-steps={steps ?? ''}>
      <h2>Correct mask</h2>
      <EditToolbar disabled={!hasResult} />
      <label className="check">
        <input type="checkbox" checked={show} disabled={!active} onChange={(e) => a.setShow(e.target.checked)} />
        <span>Show corrected mask</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={view === 'diff'} disabled={!active} onChange={(e) => void a.setView(e.target.checked ? 'diff' : 'objects')} />
        <span>Difference from network</span>
      </label>
      <div className="row">
        <button type="button" onClick={() => void a.useAsTruth()} disabled={!hasResult} title="Score the network against the corrected objects in the Metrics panel">
          Use as ground truth
        </button>
        <button type="button" onClick={() => void a.mask()} disabled={!active}>Download corrected mask (PNG)</button>
        <button type="button" onClick={() => void a.labels()} disabled={!active}>Corrected labels (TIFF)</button>
      </div>
      <TrainingSet disabled={!hasResult} />
      <p className="hint" aria-live="polite" data-testid="edit-status">
        {note ?? (!hasResult ? 'Segment an image, then pick a tool to correct its mask.'
          : active ? `${objects} objects. Drag to paint; wheel zooms. Esc: back to panning.`
          : 'Pick a tool: the mask at the current threshold becomes editable.')}
      </p>
      {view === 'diff' && active && <p className="hint">Orange: only the network · blue: added by you · yellow: both.</p>}
    </section>
  );
}
