import { useEffect } from 'react';
import { useStudio } from '../../state/studio';

/** "Add to training set" (image + corrected mask, kept in this browser) and the zip export for training/. */
export function TrainingSet({ disabled }: { disabled: boolean }) {
  const entries = useStudio((s) => s.trainingEntries);
  const add = useStudio((s) => s.addToTrainingSet);
  const exportZip = useStudio((s) => s.exportTrainingSet);
  const clear = useStudio((s) => s.clearTrainingSet);
  const refresh = useStudio((s) => s.refreshTrainingSet);
  useEffect(() => void refresh(), [refresh]);
  return (
    <div className="training-set">
      <div className="row">
        <button type="button" onClick={() => void add()} disabled={disabled}>Add to training set</button>
        <button type="button" onClick={() => void exportZip()} disabled={!entries.length} title="images/ + masks/, as training/train.py --dataset folder reads">
          Export training set (zip)
        </button>
        {entries.length > 0 && <button type="button" onClick={() => void clear()}>Clear training set</button>}
      </div>
      <p className="hint" data-testid="training-count">
        {entries.length ? `${entries.length} pair${entries.length > 1 ? 's' : ''}: ${entries.map((e) => e.name).join(', ')}` : 'No training pairs yet.'}
      </p>
    </div>
  );
}
