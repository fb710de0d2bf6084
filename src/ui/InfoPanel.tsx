import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../state/studio';
import type { PixelSize } from '../io/source';
import { backendLabel } from './Header/BackendBadge';
import { activeEdit } from '../state/editSlice';
import { axesText } from './Controls/PlaneControls';

/** "0.325 × 0.325 µm (z 1 µm)", or that it is unknown and measurements are in pixels. */
export function pixelSizeText(p?: PixelSize): string {
  if (!p) return 'pixel size unknown (px)';
  const n = (v: number) => String(Number(v.toPrecision(4)));
  return `${n(p.x)} × ${n(p.y)} µm${p.z ? ` (z ${n(p.z)} µm)` : ''}`;
}

/** What is open and what the last run did: file, size, sample type, model, time, tiles, backend. */
export function InfoPanel() {
  const { image, result, overlay, models } = useStudio(useShallow((s) => ({ image: s.image, result: s.result, overlay: s.overlay, models: s.models })));
  const edit = useStudio((s) => activeEdit(s));
  const model = result ? models.find((m) => m.id === result.modelId) : undefined;
  const rows: [string, string][] = [];
  if (image) {
    rows.push(['File', image.name], ['Size', `${image.width} × ${image.height}`], ['Sample type', image.sampleType], ['Format', image.format]);
    const { axes, plane } = image;
    rows.push(['Axes', axesText(axes)]);
    if (axes.sizeT * axes.sizeZ * axes.sizeC > 1) rows.push(['Plane', `t ${plane.t}, z ${plane.z}, model channel ${plane.c === 'luminance' ? 'luminance' : axes.channelNames[plane.c] ?? plane.c}`]);
    rows.push(['Pixel size', pixelSizeText(axes.pixelSize)]);
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
    if (result.tileNote) rows.push(['Tile choice', result.tileNote]);
    if (result.backend.note) rows.push(['Backend note', result.backend.note]);
  }
  const share = (n: number) => `${n} px (${((100 * n) / (image!.width * image!.height)).toFixed(1)} %)`;
  // With corrections, Foreground and Objects are the corrected layer's; the network's count stays beside them.
  if (edit && image) rows.push(['Foreground', share(edit.foregroundPixels)], ['Objects', String(edit.objects)]);
  if (overlay && image) rows.push([edit ? 'Network foreground' : 'Foreground', share(overlay.foregroundPixels)]);
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
