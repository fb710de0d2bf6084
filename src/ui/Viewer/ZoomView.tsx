import { useEffect, useRef } from 'react';
import { usePaneViewport } from '../../hooks/usePaneViewport';
import { useViewSize } from '../../hooks/useViewSize';
import type { Viewport } from '../../viewer/viewport';
import { drawTiles, tilesOf, type RgbaView } from '../canvas/tiles';
import type { ObjectPolygon } from '../../measure/contours';
import { ObjectOutline } from './ObjectOutline';
import { ZoomButtons } from './ZoomButtons';

interface Props {
  /** Names the viewport ("Image viewport", "Pane A viewport"), its canvases are "<imageLabel>" and "<overlayLabel>". */
  label: string;
  imageId: string;
  image: RgbaView;
  imageLabel: string;
  overlay: (RgbaView & { foregroundPixels?: number }) | null;
  overlayLabel: string;
  /** CSS opacity of the overlay canvas (no pixel work). */
  opacity: number;
  /** An object to outline (the Objects table's selection), pixel-corner polygons in image coordinates. */
  outline?: { label: number; polygons: readonly ObjectPolygon[] } | null;
}

/**
 * A zoom/pan view of an image and its overlay: two view-sized canvases (image below, overlay above with CSS
 * opacity) drawn from tiles at the shared viewport (state/viewportSlice.ts), nearest neighbour. Wheel zooms
 * about the cursor, dragging pans, the buttons zoom about the centre, fit and show 1:1; focused, the keys do
 * the same (viewer/keys.ts). The viewport element
 * carries data-scale, data-center-x/-y (image pixels) and data-tiles (tiles drawn) for tests and tools.
 */
export function ZoomView({ label, imageId, image, imageLabel, overlay, overlayLabel, opacity, outline }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const imageCanvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const view = useViewSize(box);
  const pane = usePaneViewport(box, imageId, image, view);
  const { scale, centerX, centerY } = pane.vp;
  const tiles = useRef(0);
  useEffect(() => {
    const vp: Viewport = { scale, centerX, centerY };
    const dpr = window.devicePixelRatio || 1;
    for (const [ref, src] of [[imageCanvas, image], [overlayCanvas, overlay]] as const) {
      const c = ref.current;
      if (!c) continue;
      const w = Math.round(view.width * dpr), h = Math.round(view.height * dpr);
      if (c.width !== w) c.width = w;
      if (c.height !== h) c.height = h;
      const n = drawTiles(c, src ? tilesOf(src) : null, vp, view, dpr);
      if (src === image) tiles.current = n;
    }
    box.current?.setAttribute('data-tiles', String(tiles.current));
  }, [image, overlay, view, scale, centerX, centerY]);
  return (
    <div ref={box} className="zoom-view" role="group" aria-label={`${label} viewport`} tabIndex={0}
      aria-keyshortcuts="+ - 0 1 ArrowUp ArrowDown ArrowLeft ArrowRight" title="Wheel or + / − to zoom, drag or arrow keys to pan, 0 fits, 1 shows 1:1"
      data-scale={scale} data-center-x={centerX} data-center-y={centerY}>
      <canvas ref={imageCanvas} className="layer" role="img" aria-label={imageLabel} />
      <canvas ref={overlayCanvas} className="layer overlay" role="img" aria-label={overlayLabel}
        data-foreground={overlay?.foregroundPixels ?? ''} hidden={!overlay} style={{ opacity }} />
      {outline && <ObjectOutline polygons={outline.polygons} label={outline.label} vp={pane.vp} view={view} />}
      <ZoomButtons scale={scale} onZoomIn={pane.zoomIn} onZoomOut={pane.zoomOut} onFit={pane.fit} onOneToOne={pane.oneToOne} />
    </div>
  );
}
