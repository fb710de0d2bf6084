/**
 * The display window (contrast) of a large image: the sampled 0.3–99.7 % window the worker measured on open
 * (worker/largeView.ts), unless the person set min / max. The window only maps level values to grey at render
 * time (viewer/lod.ts renderGrey), so changing it re-draws the visible region from the pyramid's levels; the
 * model's input, the mask and the metrics never change with it. Pure: tested in displayWindow.test.ts.
 */

export type DisplayWindow = [number, number];

/** The window to draw with: the person's when set, else the sampled one. */
export const effectiveWindow = (sampled: DisplayWindow, chosen: DisplayWindow | null): DisplayWindow => chosen ?? sampled;

/**
 * Set one end of the window. Returns the new window, or a message when the value is not a number or would not
 * leave min below max (the window is kept then).
 */
export function editWindow(current: DisplayWindow, end: 'min' | 'max', value: number): { window: DisplayWindow } | { problem: string } {
  if (!Number.isFinite(value)) return { problem: `The ${end === 'min' ? 'minimum' : 'maximum'} must be a number.` };
  const next: DisplayWindow = end === 'min' ? [value, current[1]] : [current[0], value];
  if (!(next[0] < next[1])) return { problem: `The minimum (${next[0]}) must be below the maximum (${next[1]}).` };
  return { window: next };
}

/** "120 – 3400 (sampled 0.3–99.7 %)" or "… (set by you)", for the Info panel. */
export function windowText(w: DisplayWindow, chosen: boolean): string {
  const n = (v: number) => String(Number(v.toPrecision(6)));
  return `${n(w[0])} – ${n(w[1])} (${chosen ? 'set by you' : 'sampled 0.3–99.7 %'})`;
}
