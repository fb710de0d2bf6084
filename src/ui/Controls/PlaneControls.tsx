import { useShallow } from 'zustand/react/shallow';
import type { ChannelPick } from '../../io/source';
import { useStudio } from '../../state/studio';

/** "T 2 · Z 3 · C 2 (RGB)" */
export function axesText(a: { sizeT: number; sizeZ: number; sizeC: number; rgb: boolean }): string {
  return `T ${a.sizeT} · Z ${a.sizeZ} · C ${a.sizeC}${a.rgb ? ' (RGB)' : ''}`;
}

/**
 * The axes of the open file, Z and T sliders (only for axes longer than one) and the model's input channel.
 * Moving a slider shows that plane and its result; the channel is what "Segment" feeds the model.
 */
export function PlaneControls() {
  const image = useStudio((s) => s.image);
  const { setPlane, busy } = useStudio(useShallow((s) => ({ setPlane: s.setPlane, busy: s.runStatus === 'running' || s.runStatus === 'cancelling' })));
  if (!image) return null;
  const { axes, plane } = image;
  const channels: { value: string; label: string }[] = axes.channelNames.map((n, c) => ({ value: String(c), label: `${c}: ${n}` }));
  if (axes.rgb) channels.push({ value: 'luminance', label: 'Luminance' });
  const pick = (v: string): ChannelPick => (v === 'luminance' ? 'luminance' : Number(v));
  return (
    <section className="panel" aria-label="Stack and channels">
      <h2>Stack &amp; channels</h2>
      <p className="mono" data-field="axes">{axesText(axes)}</p>
      {axes.sizeZ > 1 && (
        <label className="field">
          <span>Z <span className="mono" aria-hidden="true">{plane.z + 1} / {axes.sizeZ}</span></span>
          <input type="range" aria-label="Z" min={0} max={axes.sizeZ - 1} step={1} value={plane.z}
            onChange={(e) => void setPlane({ z: Number(e.target.value) })} />
        </label>
      )}
      {axes.sizeT > 1 && (
        <label className="field">
          <span>T <span className="mono" aria-hidden="true">{plane.t + 1} / {axes.sizeT}</span></span>
          <input type="range" aria-label="T" min={0} max={axes.sizeT - 1} step={1} value={plane.t}
            onChange={(e) => void setPlane({ t: Number(e.target.value) })} />
        </label>
      )}
      <label className="field">
        <span>Channel</span>
        <select aria-label="Channel" value={String(plane.c)} disabled={busy || channels.length < 2}
          onChange={(e) => void setPlane({ c: pick(e.target.value) })}>
          {channels.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      </label>
      <p className="hint">The model reads this channel; the display below may show others.</p>
    </section>
  );
}
