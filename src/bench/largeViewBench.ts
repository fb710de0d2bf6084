/**
 * The view half of the large-image bench (issue #12, `npm run bench -- --large`): open a File in the page's
 * worker and time what a person sees at Fit, the way the viewer (ui/Viewer/LargeView.tsx) asks for it —
 * the first bitmap (a partial preview while the levels are built), the first complete one (re-asked while
 * `pending`, as the viewer does), and Fit redraws once the levels exist.
 */
import type { ImageView } from '../worker/api';
import { workerClient } from '../worker/client';
import type { LargeImageView, RegionRequest } from '../worker/largeApi';

/** What the view half measured, ms (null for an image opened whole). */
export interface LargeViewTiming {
  view: ImageView | LargeImageView;
  large?: LargeImageView;
  openMs: number;
  /** Open start → the first Fit bitmap of any completeness (a preview while levels are built). */
  firstPreviewMs: number | null;
  /** Open start → the first complete Fit bitmap. */
  firstFitMs: number | null;
  /** Median of the Fit redraws once the Fit level is complete. */
  fitDrawMs: number | null;
  /** Every timed Fit redraw. */
  fitDrawsMs: number[];
  /** The level the Fit redraw read. */
  fitLevel: number | null;
  /** The Fit request (whole image → fitWidth wide). */
  fit: RegionRequest;
}

/** How often the first Fit is asked again while its level is being built (the viewer waits 500 ms). */
const POLL_MS = 250;

/** Open `file`, then time the first Fit (preview, complete) and `redraws` Fit redraws at `fitWidth` bitmap pixels. */
export async function benchLargeView(file: File, fitWidth: number, redraws = 3): Promise<LargeViewTiming> {
  const t0 = performance.now();
  const view = await workerClient.openImage(file, file.name);
  const openMs = performance.now() - t0;
  const { width, height } = view;
  const fit = { rect: { x: 0, y: 0, width, height }, outWidth: fitWidth, outHeight: Math.max(1, Math.round((fitWidth * height) / width)) };
  const large = 'kind' in view ? view : undefined;
  const out: LargeViewTiming = { view, large, openMs, firstPreviewMs: null, firstFitMs: null, fitDrawMs: null, fitDrawsMs: [], fitLevel: null, fit };
  if (!large) return out;
  const draw = () => workerClient.renderImageRegion(large.sourceId, large.plane, fit, large.window);
  for (;;) {
    const b = await draw();
    out.firstPreviewMs ??= performance.now() - t0;
    if (b.pending === undefined) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  out.firstFitMs = performance.now() - t0;
  for (let i = 0; i < redraws; i++) {
    const a = performance.now();
    const b = await draw();
    out.fitDrawsMs.push(performance.now() - a);
    out.fitLevel = b.level;
  }
  out.fitDrawMs = [...out.fitDrawsMs].sort((a, b) => a - b)[Math.floor(out.fitDrawsMs.length / 2)];
  return out;
}
