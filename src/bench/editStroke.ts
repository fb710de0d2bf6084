/**
 * Bench of issue #15's "an edit stroke on a 16384² result updates the overlay in < 50 ms": a brush stroke
 * (a drag of ~1500 px, radius 16, as pointer events deliver it: a point every ~8 px) on a tiled label layer of
 * side × side with objects along its path, then the RGBA of every tile it touched (what the worker sends the
 * page). Alternates brush and eraser so every repetition changes pixels; pure, runs in Node.
 */
import { EditSession } from '../edit/editSession';
import { renderLabelsRgba } from '../edit/overlay';
import { TiledLabels } from '../edit/tiledLabels';
import { median } from './stats';

export interface EditStrokeBench {
  side: number;
  reps: number;
  /** Median ms of apply + overlay of the touched tiles (after EDIT_WARMUP untimed strokes). */
  ms: number;
  /** Median ms of the overlay part alone. */
  renderMs: number;
  tilesTouched: number;
  pixelsChanged: number;
  /** Tiles allocated in the layer (of (side/256)²): memory follows the edited area, not the image. */
  allocatedTiles: number;
  historyBytes: number;
}

/** The stroke: a gentle S over ~1500 px through the middle of the image. */
export function strokePoints(side: number): number[] {
  const pts: number[] = [];
  const x0 = side / 2 - 750, y0 = side / 2;
  for (let t = 0; t <= 1500; t += 8) pts.push(x0 + t, y0 + 120 * Math.sin(t / 240));
  return pts;
}

/** Untimed repetitions first: the JIT compiles the loops (the first strokes of a session are slower). */
export const EDIT_WARMUP = 4;

export function benchEditStroke(side = 16384, reps = 9, now: () => number = () => performance.now()): EditStrokeBench {
  const layer = new TiledLabels(side, side);
  const s = new EditSession(layer);
  const pts = strokePoints(side);
  // Objects along the path (cells of radius 20 every 60 px), so the stroke paints over real labels.
  for (let i = 0; i < pts.length; i += 16) s.apply({ kind: 'draw', points: disc(pts[i], pts[i + 1] + 30, 20) });
  const total: number[] = [], render: number[] = [];
  let tiles = 0, pixels = 0;
  for (let r = -EDIT_WARMUP; r < reps; r++) {
    const t0 = now();
    const c = s.apply(r & 1 ? { kind: 'erase', points: pts, radius: 16 } : { kind: 'brush', points: pts, radius: 16, label: 1 });
    const t1 = now();
    for (const ti of c.tiles) renderLabelsRgba(layer, layer.tileRect(ti));
    const t2 = now();
    if (r < 0) continue;
    total.push(t2 - t0);
    render.push(t2 - t1);
    tiles = c.tiles.length;
    pixels = c.changed;
  }
  return { side, reps, ms: median(total), renderMs: median(render), tilesTouched: tiles, pixelsChanged: pixels, allocatedTiles: layer.allocatedTiles, historyBytes: s.history.bytes };
}

function disc(cx: number, cy: number, r: number): number[] {
  return Array.from({ length: 24 }, (_, k) => [cx + r * Math.cos((k * Math.PI) / 12), cy + r * Math.sin((k * Math.PI) / 12)]).flat();
}
