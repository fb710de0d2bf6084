import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../state/studio';
import { backendLabel } from './Header/BackendBadge';

/** What is open and what the last run did: file, size, sample type, model, time, tiles, backend. */
export function InfoPanel() {
  const { image, result, overlay, models } = useStudio(useShallow((s) => ({ image: s.image, result: s.result, overlay: s.overlay, models: s.models })));
  const model = result ? models.find((m) => m.id === result.modelId) : undefined;
  const rows: [string, string][] = [];
  if (image) {
    rows.push(['File', image.name], ['Size', `${image.width} × ${image.height}`], ['Sample type', image.sampleType], ['Format', image.format]);
    if (image.note) rows.push(['Note', image.note]);
  }
  if (result) {
    rows.push(
      ['Model', model?.name ?? result.modelId],
      ['Run time', `${Math.round(result.ms)} ms`],
      ['Inference', `${Math.round(result.inferenceMs)} ms`],
      ['Tiles', `${result.tiles} × ${result.tile}px (halo ${result.halo})`],
      ['Blend', result.blend],
      ['Backend', backendLabel(result.backend)],
      ['Pipeline', result.pipeline === 'gpu-resident' ? 'GPU-resident (tiles and blend on the GPU, one readback)' : 'CPU tiling and blending'],
      ['Adapter', result.backend.adapter],
    );
    if (result.backend.note) rows.push(['Backend note', result.backend.note]);
  }
  if (overlay && image) rows.push(['Foreground', `${overlay.foregroundPixels} px (${((100 * overlay.foregroundPixels) / (image.width * image.height)).toFixed(1)} %)`]);
  return (
    <section className="panel info">
      <h2>Info</h2>
      {rows.length === 0 ? (
        <p className="hint">No image open.</p>
      ) : (
        <dl>
          {rows.map(([k, v]) => (
            <div key={k} className="info-row">
              <dt>{k}</dt>
              <dd data-field={k.toLowerCase().replace(/\s+/g, '-')}>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
