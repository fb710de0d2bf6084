/**
 * Worker-made RGBA buffers as a grid of small canvases (viewer/tileGrid.ts), built once per buffer and drawn
 * tile by tile into a view-sized canvas: a large image is never one giant canvas, and a deep zoom draws only
 * the few tiles it shows. Building a tile is one `putImageData` with a dirty rectangle (a copy by the browser,
 * no per-pixel JavaScript); drawing is `drawImage` with smoothing off, so zoomed pixels stay exact squares.
 */
import { TILE_SIZE, tileGrid, tileScreenRect, visibleTiles, type TileRect } from '../../viewer/tileGrid';
import type { Size, Viewport } from '../../viewer/viewport';

export interface RgbaView {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** Rectangles of `rgba` changed in place since its tiles were built (the corrected layer's edits,
   * state/editSlice.ts): their tiles are put again and the list emptied. */
  pending?: { x: number; y: number; width: number; height: number }[];
}

type TileCanvas = OffscreenCanvas | HTMLCanvasElement;

export interface TileSet {
  width: number;
  height: number;
  tileSize: number;
  rects: TileRect[];
  canvases: TileCanvas[];
}

/** Tiles by buffer: the store replaces a buffer when it changes, so a buffer's tiles never go stale. */
const cache = new WeakMap<Uint8ClampedArray, TileSet>();

const makeCanvas = (w: number, h: number): TileCanvas => {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
};

/** The tiles of a buffer (built on first use, then cached for as long as the buffer lives). */
export function tilesOf(view: RgbaView, tileSize = TILE_SIZE): TileSet {
  const hit = cache.get(view.rgba);
  if (hit && hit.tileSize === tileSize) {
    if (view.pending?.length) repaint(hit, view);
    return hit;
  }
  if (view.pending) view.pending.length = 0; // built from the current bytes below
  const whole = new ImageData(view.rgba as Uint8ClampedArray<ArrayBuffer>, view.width, view.height);
  const rects = tileGrid(view, tileSize);
  const canvases = rects.map((r) => {
    const c = makeCanvas(r.width, r.height);
    const ctx = c.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
    ctx?.putImageData(whole, -r.x, -r.y, r.x, r.y, r.width, r.height);
    return c;
  });
  const set: TileSet = { width: view.width, height: view.height, tileSize, rects, canvases };
  cache.set(view.rgba, set);
  return set;
}

/** Put again the tiles that the pending rectangles overlap (an edit touches a few tiles, not the image). */
function repaint(set: TileSet, view: RgbaView): void {
  const whole = new ImageData(view.rgba as Uint8ClampedArray<ArrayBuffer>, view.width, view.height);
  const dirty = new Set<number>();
  for (const r of view.pending!.splice(0)) {
    set.rects.forEach((t, i) => {
      if (t.x < r.x + r.width && r.x < t.x + t.width && t.y < r.y + r.height && r.y < t.y + t.height) dirty.add(i);
    });
  }
  for (const i of dirty) {
    const t = set.rects[i];
    const ctx = set.canvases[i].getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
    ctx?.clearRect(0, 0, t.width, t.height);
    ctx?.putImageData(whole, -t.x, -t.y, t.x, t.y, t.width, t.height);
  }
}

/**
 * Draw the visible tiles of `set` into `canvas` (whose backing store is the view times `dpr`), nearest
 * neighbour. Clears first; `null` just clears. Returns how many tiles were drawn.
 */
export function drawTiles(canvas: HTMLCanvasElement, set: TileSet | null, vp: Viewport, view: Size, dpr = 1): number {
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!set) return 0;
  ctx.imageSmoothingEnabled = false;
  const device = { width: view.width * dpr, height: view.height * dpr };
  const dvp = { ...vp, scale: vp.scale * dpr };
  const shown = visibleTiles(set.rects, dvp, device, set, set.tileSize);
  for (const t of shown) {
    const r = tileScreenRect(t, dvp, device);
    ctx.drawImage(set.canvases[t.row * Math.ceil(set.width / set.tileSize) + t.col], r.x, r.y, r.width, r.height);
  }
  return shown.length;
}
