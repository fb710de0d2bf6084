import { useEffect, useMemo, useRef, useState } from 'react';
import { usePaneViewport } from '../../hooks/usePaneViewport';
import { useViewSize } from '../../hooks/useViewSize';
import { latestWins } from '../../state/latestWins';
import { useStudio } from '../../state/studio';
import type { LargeImageView, RegionBitmap } from '../../worker/largeApi';
import type { Rect } from '../../io/source';
import { drawRect, viewRegion, type ViewRegion } from '../../viewer/lod';
import type { Size, Viewport } from '../../viewer/viewport';
import { ZoomButtons } from './ZoomButtons';
import { effectiveWindow } from '../../viewer/displayWindow';

/** A bitmap the worker drew, as a canvas, with the level-0 rect it shows. */
interface Drawn {
  canvas: OffscreenCanvas;
  rect: Rect;
  level: number;
  width: number;
  height: number;
}

const toDrawn = (b: RegionBitmap, rect: Rect): Drawn => {
  const canvas = new OffscreenCanvas(b.width, b.height);
  canvas.getContext('2d')!.putImageData(new ImageData(b.rgba as Uint8ClampedArray<ArrayBuffer>, b.width, b.height), 0, 0);
  return { canvas, rect, level: b.level, width: b.width, height: b.height };
};

/** Clear `c` (sized to the view in device pixels) and draw `d` where its rect is now; the draw rect, if any. */
function paint(c: HTMLCanvasElement | null, d: Drawn | undefined, vp: Viewport, view: Size, dpr: number): Rect | null {
  if (!c) return null;
  const w = Math.round(view.width * dpr), h = Math.round(view.height * dpr);
  if (c.width !== w) c.width = w;
  if (c.height !== h) c.height = h;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.clearRect(0, 0, w, h);
  if (!d || !vp.scale) return null;
  ctx.imageSmoothingEnabled = false; // zoomed pixels stay exact squares
  const r = drawRect(d.rect, vp, view, dpr);
  ctx.drawImage(d.canvas, r.x, r.y, r.width, r.height);
  return r;
}

const csv = (r: Rect) => `${r.x},${r.y},${r.width},${r.height}`;

/**
 * The viewer of a large image (issue #12): the worker draws only the visible region, at the coarsest level
 * with ≥ 1 level pixel per device pixel (viewer/lod.ts), re-requested after every pan/zoom with the newest
 * view winning (state/latestWins.ts); meanwhile the last bitmap is moved with the view, so dragging stays
 * smooth. A streamed run's mask (largeRun) is drawn over it from the same region and level.
 *
 * For tests and the bench the image canvas carries: data-rect (level-0 x,y,w,h of the bitmap), data-bitmap
 * (its w,h), data-draw (device-pixel x,y,w,h where it is drawn), data-level, data-window (lo,hi: the person's
 * window from the Display panel, else the sampled one; a change re-draws the region from the levels),
 * data-open-ms (worker: header + levels + sampled window), data-first-draw-ms (open start → first complete
 * bitmap drawn; partial ones come first while a level is built, with "Building overview… n %") and data-fit-drawn-ms (Fit request → its bitmap drawn, updated on each Fit); `window.__largeView`
 * holds the same numbers.
 */
export function LargeView({ large }: { large: LargeImageView }) {
  const box = useRef<HTMLDivElement>(null);
  const imageCanvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const view = useViewSize(box);
  const pane = usePaneViewport(box, large.imageId, large, view);
  const stored = useStudio((s) => s.viewport);
  const fit = !stored || stored.imageId !== large.imageId;
  const run = useStudio((s) => s.largeRun);
  const chosenWindow = useStudio((s) => s.largeWindow);
  const win = effectiveWindow(large.window, chosenWindow);
  const opacity = useStudio((s) => (s.showMask ? s.opacity : 0));
  const render = useStudio((s) => s.renderLargeRegion);
  const setLevel = useStudio((s) => s.setLargeDrawnLevel);
  const showError = useStudio((s) => s.showError);
  const openStart = useStudio((s) => s.largeOpenStart);
  const { scale, centerX, centerY } = pane.vp;
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const region = useMemo(() => viewRegion({ scale, centerX, centerY }, view, large, dpr), [scale, centerX, centerY, view, large, dpr]);

  const drawn = useRef<{ image?: Drawn; overlay?: Drawn; first?: number }>({});
  /** Fraction of the level being built in the background, while the drawn bitmap is still partial. */
  const [building, setBuilding] = useState<number | null>(null);
  const again = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ vp: pane.vp, view, dpr });
  latest.current = { vp: pane.vp, view, dpr };
  const wanted = useRef<{ region: ViewRegion | null; fit: boolean; at: number; key: string }>({ region: null, fit, at: 0, key: '' });

  /** Draw what we have at the current viewport and publish where it landed. */
  const repaint = () => {
    const { vp, view, dpr } = latest.current;
    const d = drawn.current;
    const r = paint(imageCanvas.current, d.image, vp, view, dpr);
    paint(overlayCanvas.current, d.overlay, vp, view, dpr);
    const c = imageCanvas.current;
    if (c && d.image && r) {
      c.dataset.rect = csv(d.image.rect);
      c.dataset.bitmap = `${d.image.width},${d.image.height}`;
      c.dataset.draw = csv(r);
      c.dataset.level = String(d.image.level);
    }
  };

  const fetcher = useMemo(() => latestWins(async () => {
    const w = wanted.current;
    if (!w.region) return;
    const key = w.key;
    const got = await render(w.region);
    if (!got) return;
    const d = drawn.current;
    d.image = toDrawn(got.image, w.region.rect);
    d.overlay = got.overlay ? toDrawn(got.overlay, w.region.rect) : undefined;
    repaint();
    setLevel(got.image.level);
    const pending = got.image.pending;
    setBuilding(pending ?? null);
    if (pending !== undefined) {
      // Part of it is still being built: ask again shortly (unless the view has moved on meanwhile).
      clearTimeout(again.current);
      again.current = setTimeout(() => { if (key === wanted.current.key) void fetcher(); }, 500);
      return;
    }
    const now = performance.now();
    const c = imageCanvas.current;
    const hook = ((globalThis as { __largeView?: Record<string, number> }).__largeView ??= {});
    hook.openMs = large.openMs;
    hook.level = got.image.level;
    if (d.first === undefined) {
      d.first = now - openStart;
      c?.setAttribute('data-first-draw-ms', d.first.toFixed(1));
      hook.firstDrawMs = d.first;
    }
    if (w.fit && key === wanted.current.key) {
      c?.setAttribute('data-fit-drawn-ms', (now - w.at).toFixed(1));
      hook.fitDrawnMs = now - w.at;
    }
  }, showError), [render, setLevel, showError, large, openStart]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => clearTimeout(again.current), []);

  // A new image: forget the old bitmaps.
  useEffect(() => {
    drawn.current = {};
    repaint();
  }, [large]); // eslint-disable-line react-hooks/exhaustive-deps

  // Every view change: move what we have at once, then ask for the new region (the newest request wins).
  useEffect(() => {
    repaint();
    const key = region ? `${csv(region.rect)}:${region.outWidth}x${region.outHeight}:${run?.runId ?? ''}:${run?.threshold ?? ''}:${win[0]},${win[1]}` : '';
    if (key === wanted.current.key) return;
    wanted.current = { region, fit, at: performance.now(), key };
    void fetcher();
  }, [region, fit, run, view, fetcher, win[0], win[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div ref={box} className="zoom-view" role="group" aria-label="Image viewport" tabIndex={0}
      aria-keyshortcuts="+ - 0 1 ArrowUp ArrowDown ArrowLeft ArrowRight" title="Wheel or + / − to zoom, drag or arrow keys to pan, 0 fits, 1 shows 1:1"
      data-scale={scale} data-center-x={centerX} data-center-y={centerY} data-large="1">
      <canvas ref={imageCanvas} className="layer" role="img" aria-label={`Image ${large.name}`}
        data-window={`${win[0]},${win[1]}`} data-open-ms={large.openMs.toFixed(1)} />
      <canvas ref={overlayCanvas} className="layer overlay" role="img" aria-label="Segmentation overlay" hidden={!run} style={{ opacity }} />
      {building !== null && <div className="large-building" role="status" aria-live="polite">Building overview… {Math.round(building * 100)} %</div>}
      <ZoomButtons scale={scale} onZoomIn={pane.zoomIn} onZoomOut={pane.zoomOut} onFit={pane.fit} onOneToOne={pane.oneToOne} />
    </div>
  );
}
