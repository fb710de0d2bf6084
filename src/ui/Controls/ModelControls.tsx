import { useStudio } from '../../state/studio';
import type { BackendChoice } from '../../worker/api';
import { AdvancedTiling } from './AdvancedTiling';

const BACKENDS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WASM' },
];

/** Model and backend pickers; locked while a run is going. */
export function ModelControls() {
  const models = useStudio((s) => s.models);
  const modelId = useStudio((s) => s.modelId);
  const backend = useStudio((s) => s.backendChoice);
  const setModel = useStudio((s) => s.setModel);
  const setBackend = useStudio((s) => s.setBackend);
  const busy = useStudio((s) => s.runStatus === 'running' || s.runStatus === 'cancelling');
  const card = models.find((m) => m.id === modelId);
  return (
    <section className="panel">
      <h2>Model</h2>
      <label className="field">
        <span>Model</span>
        <select value={modelId} onChange={(e) => setModel(e.target.value)} disabled={busy || models.length === 0}>
          {models.length === 0 && <option value="">No models found</option>}
          {models.map((m) => (
            <option key={m.id} value={m.id}>{m.name}</option>
          ))}
        </select>
      </label>
      {card && <p className="hint">{card.description}</p>}
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
