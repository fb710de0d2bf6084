import type { ModelCard } from '../../models/manifest';

/**
 * The <option>s of a model picker: bundled models first, then the person's own ("Open model (.onnx)") in a
 * "Your models" group, so a session-only model is never mistaken for a bundled one with held-out metrics.
 */
export function ModelOptions({ models }: { models: ModelCard[] }) {
  const bundled = models.filter((m) => !m.user);
  const own = models.filter((m) => m.user);
  const option = (m: ModelCard) => <option key={m.id} value={m.id}>{m.name}</option>;
  return (
    <>
      {bundled.map(option)}
      {own.length > 0 && <optgroup label="Your models">{own.map(option)}</optgroup>}
    </>
  );
}
