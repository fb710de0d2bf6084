import { useState, type DragEvent } from 'react';
import { useStudio } from '../../state/studio';
import { dropEntries } from './dropEntries';

/** A visually hidden multi-file input behind a button-styled label; `folder` picks a whole directory. */
function MultiFileButton({ label, folder, disabled, onFiles }: { label: string; folder?: boolean; disabled: boolean; onFiles: (f: File[]) => void }) {
  const dir = folder ? { webkitdirectory: '', directory: '' } : {};
  return (
    <label className={`button file-button${disabled ? ' disabled' : ''}`}>
      {label}
      <input type="file" multiple className="visually-hidden" disabled={disabled} {...dir}
        accept={folder ? undefined : '.tif,.tiff,.png,.jpg,.jpeg,image/*'}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) onFiles(files);
        }} />
    </label>
  );
}

/** "Batch": add many files or a folder (masks paired by name), then run, pause, resume; the table is BatchTable. */
export function BatchPanel() {
  const status = useStudio((s) => s.batchStatus);
  const items = useStudio((s) => s.batchItems);
  const note = useStudio((s) => s.batchNote);
  const progress = useStudio((s) => s.batchProgress);
  const settings = useStudio((s) => s.batchSettings);
  const add = useStudio((s) => s.addBatchFiles);
  const start = useStudio((s) => s.startBatch);
  const pause = useStudio((s) => s.pauseBatch);
  const clear = useStudio((s) => s.clearBatch);
  const [dragging, setDragging] = useState(false);
  const busy = status === 'running' || status === 'pausing';
  const done = items.filter((i) => i.status === 'done' || i.status === 'failed').length;
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!busy) await add(await dropEntries(e.dataTransfer));
  };
  return (
    <section className={`panel${dragging ? ' dragging' : ''}`} aria-label="Batch"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={(e) => void onDrop(e)}>
      <h2>Batch</h2>
      <div className="row">
        <MultiFileButton label="Add folder" folder disabled={busy} onFiles={(f) => void add(f)} />
        <MultiFileButton label="Add files" disabled={busy} onFiles={(f) => void add(f)} />
      </div>
      <p className="hint">Images and their masks (same name in a masks/ folder, a _mask or _gt suffix, or CTC man_seg).
        Everything stays in this browser; a reload resumes.</p>
      {note && <p className="hint" aria-live="polite" data-testid="batch-note">{note}</p>}
      {items.length > 0 && (
        <>
          {settings && <p className="hint">Model {settings.options.modelId}, threshold {settings.threshold.toFixed(2)}</p>}
          <div className="row">
            {status === 'ready' && <button type="button" onClick={() => void start()}>Start batch</button>}
            {status === 'paused' && <button type="button" onClick={() => void start()}>Resume batch</button>}
            {busy && <button type="button" disabled={status === 'pausing'} onClick={() => void pause()}>Pause batch</button>}
            <button type="button" disabled={busy} onClick={() => void clear()}>Clear batch</button>
          </div>
          <progress aria-label="Batch progress" max={items.length} value={done} />
          <p className="hint" aria-live="polite">
            {done} of {items.length} images{progress && progress.progress.stage === 'inference' ? ` · image ${progress.index + 1}: tile ${progress.progress.done} / ${progress.progress.total}` : ''}
            {status === 'done' ? ' · batch finished' : status === 'paused' ? ' · paused' : ''}
          </p>
        </>
      )}
    </section>
  );
}
