import { useStudio } from '../../state/studio';
import type { ChannelPick } from '../../io/source';
import type { ChannelDisplay, ChannelView, DisplaySettings } from '../../worker/api';
import { Histogram } from './Histogram';
import { LargeDisplayControls } from './LargeDisplayControls';
import { WindowField } from './WindowField';

/** Colours offered to a channel added to the composite (colour-blind-friendly pairs first: green / magenta). */
const PALETTE = ['#00ff00', '#ff00ff', '#00ffff', '#ffff00', '#ff0000', '#0000ff'];
const RGB = ['#ff0000', '#00ff00', '#0000ff'];

/**
 * Display contrast and composite: for each channel of the open plane a "Show" switch with its colour, and for
 * the shown ones the min / max window (automatic 0.3–99.7 % until edited, "Auto" returns to it) over the
 * histogram. All of it re-draws the image only: the model's channel, the mask and the metrics never change.
 */
export function DisplayControls() {
  const image = useStudio((s) => s.image);
  const large = useStudio((s) => !!s.largeImage);
  const display = useStudio((s) => s.display);
  const setDisplay = useStudio((s) => s.setDisplay);
  if (!image) return large ? <LargeDisplayControls /> : null;
  const { axes } = image;
  const current: DisplaySettings = display ?? { channels: image.display.map((d) => ({ channel: d.channel, color: d.color })) };
  const shown = new Map<ChannelPick, ChannelDisplay>(current.channels.map((d) => [d.channel, d]));
  const views = new Map<ChannelPick, ChannelView>(image.display.map((d) => [d.channel, d]));
  const update = (channel: ChannelPick, patch: Partial<ChannelDisplay> | null) => {
    let channels = current.channels.filter((d) => d.channel !== channel || patch);
    if (patch) {
      const old = shown.get(channel);
      const color = axes.rgb && typeof channel === 'number' ? RGB[channel] : axes.sizeC === 1 ? '#ffffff' : PALETTE[Number(channel) % PALETTE.length];
      const next = { ...(old ?? { channel, color }), ...patch };
      channels = old ? channels.map((d) => (d.channel === channel ? next : d)) : [...channels, next].sort((a, b) => Number(a.channel) - Number(b.channel));
    }
    if (channels.length) void setDisplay({ channels });
  };
  return (
    <section className="panel" aria-label="Display">
      <h2>Display</h2>
      {axes.channelNames.map((name, c) => {
        const d = shown.get(c);
        const v = views.get(c);
        return (
          <div key={c} className="display-channel">
            <div className="row">
              <label className="check">
                <input type="checkbox" checked={!!d} disabled={!!d && shown.size === 1} onChange={(e) => update(c, e.target.checked ? {} : null)} />
                <span>Show {name}</span>
              </label>
              {d && (
                <input type="color" aria-label={`${name} colour`} value={d.color} onChange={(e) => update(c, { color: e.target.value })} />
              )}
            </div>
            {d && v && (
              <>
                <Histogram view={v} />
                <div className="row">
                  <WindowField label={`${name} minimum`} value={v.window[0]} onCommit={(lo) => update(c, { window: [lo, v.window[1]] })} />
                  <WindowField label={`${name} maximum`} value={v.window[1]} onCommit={(hi) => update(c, { window: [v.window[0], hi] })} />
                  <button type="button" aria-label={`Auto contrast ${name}`} disabled={!d.window} onClick={() => update(c, { window: undefined })}>Auto</button>
                </div>
              </>
            )}
          </div>
        );
      })}
      <p className="hint">Display only: the model reads the channel chosen above, unchanged.</p>
    </section>
  );
}
