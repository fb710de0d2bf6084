import { largeTruthOf } from '../state/largeTruth';
import { effectiveWindow, windowText } from '../viewer/displayWindow';
import { LargeAnalysisStatus } from './Truth/LargeAnalysisStatus';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../state/studio';
import type { PixelSize } from '../io/source';
import { backendLabel } from './Header/BackendBadge';
import { activeEdit } from '../state/editSlice';
import { axesText } from './Controls/PlaneControls';
import type { LargeImageView } from '../worker/largeApi';

/** "0.325 × 0.325 µm (z 1 µm)", or that it is unknown and measurements are in pixels. */
export function pixelSizeText(p?: PixelSize): string {
  if (!p) return 'pixel size unknown (px)';
  const n = (v: number) => String(Number(v.toPrecision(4)));
  return `${n(p.x)} × ${n(p.y)} µm${p.z ? ` (z ${n(p.z)} µm)` : ''}`;
}

/** "12000 × 9000 (file), 3000 × 2250 (÷4, built)": every level of a large image and where it comes from. */
export function levelsText(l: Pick<LargeImageView, 'levels' | 'fileLevels'>): string {
  const own = l.fileLevels ?? 1;
  return l.levels.map((v, i) => `${v.width} × ${v.height}${i ? ` (÷${Number(v.downsample.toPrecision(4))}, ${i < own ? 'file' : 'built'})` : ''}`).join(', ');
}

/** The info rows of a large image (issue #12): size, axes, type, its pyramid and which level is drawn. */
function largeRows(l: LargeImageView, drawn: number | null, chosen: [number, number] | null): [string, string][] {
  const rows: [string, string][] = [['File', l.name], ['Size', `${l.width} × ${l.height}`], ['Sample type', l.sampleType], ['Format', l.format]];
  if (l.axes) rows.push(['Axes', axesText(l.axes)]);
  rows.push(['Pixel size', pixelSizeText(l.pixelSize)]);
  rows.push(['Levels', levelsText(l)]);
  const d = drawn !== null ? l.levels[drawn] : undefined;
  rows.push(['Drawn level', d ? `${drawn} (${d.width} × ${d.height}${drawn ? `, ÷${Number(d.downsample.toPrecision(4))}` : ', full resolution'})` : '—']);
  rows.push(['Display window', windowText(effectiveWindow(l.window, chosen), !!chosen)]);
  rows.push(['Open time', `${Math.round(l.openMs)} ms (header, levels, sampled window)`]);
  return rows;
}

/** What is open and what the last run did: file, size, sample type, model, time, tiles, backend. */
export function InfoPanel() {
  const { image, result, overlay, models } = useStudio(useShallow((s) => ({ image: s.image, result: s.result, overlay: s.overlay, models: s.models })));
  const edit = useStudio((s) => activeEdit(s));
  const large = useStudio((s) => s.largeImage);
  const drawnLevel = useStudio((s) => s.largeDrawnLevel);
  const chosenWindow = useStudio((s) => s.largeWindow);
  const largeRun = useStudio((s) => s.largeRun);
  const run = useStudio((s) => s.largeRunView);
  const counts = useStudio((s) => s.largeCounts);
  const hasLargeTruth = useStudio((s) => !!largeTruthOf(s)); // the Metrics panel shows the progress then
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
  if (large) rows.push(...largeRows(large, drawnLevel, chosenWindow));
  if (large && largeRun && run?.runId === largeRun.runId) {
    const mp = (run.width * run.height) / 1e6;
    rows.push(
      ['Run time', `${(run.ms / 1000).toFixed(1)} s (${Math.round(run.ms / mp)} ms/MP), inference ${(run.inferenceMs / 1000).toFixed(1)} s`],
      ['Tiles', `${run.tilesRun} × ${run.tile}px (halo ${run.halo}), streamed`],
      ['Tile choice', run.tileNote],
      ['Backend', backendLabel(run.backend)],
      ['Pipeline', 'Streamed: CPU tiling and blending, 8-bit probability tiles'],
      ['Result store', `${Math.round(run.residentBytes / 2 ** 20)} MB in memory, ${Math.round(run.spilledBytes / 2 ** 20)} MB in ${run.spill === 'opfs' ? 'the browser\'s private file system' : 'memory (no OPFS here)'}`],
    );
    if (counts?.runId === run.runId) rows.push(['Foreground', `${counts.foregroundPixels} px (${((100 * counts.foregroundPixels) / (run.width * run.height)).toFixed(1)} %)`], ['Objects', String(counts.objects)]);
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
      {large && !hasLargeTruth && <LargeAnalysisStatus stages={['counting']} />}
    </section>
  );
}
