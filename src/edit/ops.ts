/**
 * The edit operations on a label layer. The page sends geometry (points in image pixels, a radius), never
 * pixels; each op writes through `TiledLabels.write`, so counts, boxes and the undo diff follow. An op that
 * cannot apply (a click on the background for "Delete object") changes nothing and says why in `note`.
 *
 * Objects are labels: painting joins pixels to a label, erasing through an object leaves one (possibly
 * disconnected) object; "Split" is the tool that makes two objects out of one.
 */
import { labelComponents } from '../metrics/components';
import { line4, polygonSpans, strokeSpans } from './rasterize';
import type { Rect, TiledLabels } from './tiledLabels';

/** One edit, as plain data (it crosses the worker boundary). Points are x0, y0, x1, y1, … in image pixels. */
export type EditOp =
  /** Paint a stroke of `radius` with `label`, or the label under the first point, or a new object on background. */
  | { kind: 'brush'; points: number[]; radius: number; label?: number }
  | { kind: 'erase'; points: number[]; radius: number }
  /** Fill the 4-connected background region at (x, y) when one object encloses it. */
  | { kind: 'fill'; x: number; y: number }
  | { kind: 'delete'; x: number; y: number }
  /** The object at b joins the object at a. */
  | { kind: 'merge'; ax: number; ay: number; bx: number; by: number }
  /** Cut along the polyline (4-connected), then every cut object's separated parts become objects of their own. */
  | { kind: 'split'; points: number[] }
  /** A new object: the closed polygon / freehand path, filled (it paints over what is there). */
  | { kind: 'draw'; points: number[] };

export type EditKind = EditOp['kind'];

/** Names of the tools, as the toolbar and the undo tooltip say them. */
export const EDIT_NAMES: Record<EditKind, string> = {
  brush: 'Brush', erase: 'Eraser', fill: 'Fill', delete: 'Delete object', merge: 'Merge', split: 'Split', draw: 'Draw object',
};

export interface OpOutcome {
  /** Why nothing changed, when nothing did for a reason the person should hear. */
  note?: string;
}

/** Most pixels "Fill" floods before it gives up (a hole is small next to the image). */
export const MAX_FILL = 1 << 24;

const at = (layer: TiledLabels, x: number, y: number) => layer.get(Math.floor(x), Math.floor(y));

/** Apply `op` to `layer` (attach the recorder before, to undo it). */
export function applyOp(layer: TiledLabels, op: EditOp): OpOutcome {
  const { width, height } = layer;
  switch (op.kind) {
    case 'brush': {
      if (op.points.length < 2) return {};
      const under = at(layer, op.points[0], op.points[1]);
      const label = op.label && op.label > 0 ? op.label : under || layer.newLabel();
      strokeSpans(op.points, op.radius, width, height, (y, x0, x1) => layer.fillSpan(y, x0, x1, label));
      return {};
    }
    case 'erase':
      strokeSpans(op.points, op.radius, width, height, (y, x0, x1) => layer.fillSpan(y, x0, x1, 0));
      return {};
    case 'draw': {
      if (op.points.length < 6) return { note: 'Draw an object with at least three points.' };
      const label = layer.newLabel();
      polygonSpans(op.points, width, height, (y, x0, x1) => layer.fillSpan(y, x0, x1, label));
      return {};
    }
    case 'delete': {
      const l = at(layer, op.x, op.y);
      if (!l) return { note: 'There is no object there to delete.' };
      layer.relabel(l, 0);
      return {};
    }
    case 'merge': {
      const a = at(layer, op.ax, op.ay), b = at(layer, op.bx, op.by);
      if (!a || !b) return { note: 'Click two objects to merge.' };
      if (a === b) return { note: 'That is already one object.' };
      layer.relabel(b, a);
      return {};
    }
    case 'fill':
      return fillHole(layer, Math.floor(op.x), Math.floor(op.y));
    case 'split':
      return split(layer, op.points);
  }
}

/**
 * Flood the 4-connected background at (x, y); fill it with the enclosing label when every foreground neighbour
 * of the region has that one label and the region does not reach the image border. Bounded: the region of a
 * hole lies inside its object's box, so the flood stops as soon as it leaves it.
 */
function fillHole(layer: TiledLabels, x: number, y: number): OpOutcome {
  const { width, height } = layer;
  if (x < 0 || y < 0 || x >= width || y >= height) return {};
  if (layer.get(x, y) !== 0) return { note: 'Click inside a hole (a background pixel enclosed by one object).' };
  const notHole = { note: 'That background is not a hole: it is not enclosed by a single object.' };
  const seen = new Set<number>([y * width + x]);
  const stack = [y * width + x];
  let enclosing = 0;
  let box: Rect | null = null;
  while (stack.length) {
    const i = stack.pop()!, px = i % width, py = (i - px) / width;
    if (px === 0 || py === 0 || px === width - 1 || py === height - 1) return notHole;
    if (box && (px < box.x || py < box.y || px >= box.x + box.width || py >= box.y + box.height)) return notHole;
    for (const j of [i - 1, i + 1, i - width, i + width]) {
      if (seen.has(j)) continue;
      const v = layer.get(j % width, Math.floor(j / width));
      if (v === 0) {
        seen.add(j);
        stack.push(j);
        if (seen.size > MAX_FILL) return notHole;
      } else if (!enclosing) {
        enclosing = v;
        box = layer.box(v);
      } else if (v !== enclosing) return notHole;
    }
  }
  for (const i of seen) layer.set(i % width, Math.floor(i / width), enclosing);
  return {};
}

/** Cut along a 4-connected line, then give every separated part (8-connected) of each cut object its own label. */
function split(layer: TiledLabels, points: number[]): OpOutcome {
  if (points.length < 4) return { note: 'Draw a line across the object to split it.' };
  const cut = new Set<number>();
  line4(points, layer.width, layer.height, (x, y) => {
    const l = layer.get(x, y);
    if (l) cut.add(l);
    layer.set(x, y, 0);
  });
  if (!cut.size) return { note: 'The line does not cross an object.' };
  for (const l of cut) {
    const box = layer.box(l);
    if (!box) continue; // the cut removed the whole object
    const mask = new Uint8Array(box.width * box.height);
    for (let y = 0; y < box.height; y++) for (let x = 0; x < box.width; x++) mask[y * box.width + x] = layer.get(box.x + x, box.y + y) === l ? 1 : 0;
    const { labels, count } = labelComponents(mask, box.width, box.height, 8);
    if (count < 2) continue;
    // The largest part keeps the label (the object "stays"), the others become new objects.
    const sizes = new Float64Array(count + 1);
    for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
    let keep = 1;
    for (let c = 2; c <= count; c++) if (sizes[c] > sizes[keep]) keep = c;
    const to = new Uint32Array(count + 1);
    for (let c = 1; c <= count; c++) to[c] = c === keep ? l : layer.newLabel();
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i];
      if (c && c !== keep) layer.set(box.x + (i % box.width), box.y + Math.floor(i / box.width), to[c]);
    }
  }
  return {};
}
