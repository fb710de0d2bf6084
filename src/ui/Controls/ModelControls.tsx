import { useStudio } from '../../state/studio';
import type { BackendChoice } from '../../worker/api';
import { FileButton } from '../common/FileButton';
import { ModelOptions } from '../common/ModelOptions';
import { AdvancedTiling } from './AdvancedTiling';

const BACKENDS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WASM' },
];

/** Model and backend pickers, and "Open model (.onnx)" for a person's own model; locked while a run is going. */
export function ModelControls() {
  const models = useStudio((s) => s.models);
  const modelId = useStudio((s) => s.modelId);
  const backend = useStudio((s) => s.backendChoice);
  const setModel = useStudio((s) => s.setModel);
  const setBackend = useStudio((s) => s.setBackend);
  const openModelFile = useStudio((s) => s.openModelFile);
  const loadingModel = useStudio((s) => s.userModelLoading);
  const busy = useStudio((s) => s.runStatus === 'running' || s.runStatus === 'cancelling');
  // A model opened again under the same name replaces its sessions: not while a comparison may be using them.
  const comparing = useStudio((s) => s.compareStatus === 'running' || s.compareStatus === 'cancelling');
  const card = models.find((m) => m.id === modelId);
  return (
    <section className="panel">
      <h2>Model</h2>
      <label className="field">
        <span>Model</span>
        <select aria-label="Model" value={modelId} onChange={(e) => setModel(e.target.value)} disabled={busy || models.length === 0}>
          {models.length === 0 && <option value="">No models found</option>}
          <ModelOptions models={models} />
        </select>
      </label>
      {card && <p className="hint">{card.description}</p>}
      <FileButton label="Open model (.onnx)" accept=".onnx,.zip" disabled={busy || comparing || loadingModel} onFile={(f) => void openModelFile(f)} />
      {loadingModel && <p className="hint" aria-live="polite">Checking the model…</p>}
      <label className="field">
        <span>Backend</span>
        <select value={backend} onChange={(e) => void setBackend(e.target.value as BackendChoice)} disabled={busy}>
          {BACKENDS.map((b) => (
            <option key={b.value} value={b.value}>{b.label}</option>
          ))}
        </select>
      </label>
      <AdvancedTiling />
    </section>
  );
}
