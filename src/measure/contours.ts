/**
 * Object outlines traced on pixel corners: pixel (x, y) is the square [x, x+1] × [y, y+1], so a polygon's
 * area is exactly the object's pixel count and filling it by pixel centres (ImageJ's PolygonFiller, QuPath,
 * shapely containment) gives back exactly the object's pixels. The overlay outlines, the GeoJSON polygons and
 * the ImageJ ROIs all come from here.
 *
 * Rule for corners where an object's pixels touch only diagonally: an object is the union of its closed pixel
 * squares, and its rings are simple (no ring visits a vertex twice), which is what OGC/GEOS call valid:
 *  - two pixels of one label that share only a corner lie in separate polygons that touch at that vertex
 *    (a MultiPolygon);
 *  - a hole whose only link to the outside (or to another hole) is a corner stays a hole, touching its shell
 *    (or the other hole) at that vertex.
 * Tracing follows the 4-connected rule (at a diagonal corner the ring closes around the pixel it came along);
 * a ring that then passes a vertex twice is split there into simple rings. Rings with positive signed area
 * (clockwise on screen, y down; counter-clockwise in x/y algebra, as RFC 7946 asks for exteriors) are shells,
 * negative ones holes; each hole goes to the smallest shell of the same label that contains it.
 */
import { checkLabelImage, type LabelImage } from './labelIndex';

/** A closed ring as flat corner coordinates [x0, y0, x1, y1, …] (first point not repeated). */
export type Ring = number[];

/** One polygon: an outer ring and its holes. */
export interface ObjectPolygon {
  outer: Ring;
  holes: Ring[];
}

/** Options limiting which objects are traced. */
export interface TraceOptions {
  /** Only this label. */
  label?: number;
  /** Only objects whose top-left-most boundary starts in this rectangle [minRow, minCol, maxRow, maxCol) (e.g. a bbox). */
  bbox?: readonly [number, number, number, number];
}

/**
 * Trace every object's outline (or one object's, see `options`). Returns label → polygons, labels in
 * first-seen raster order.
 */
export function traceContours(img: LabelImage, options: TraceOptions = {}): Map<number, ObjectPolygon[]> {
  checkLabelImage(img);
  const { labels: lab, width: w, height: h } = img;
  const [r0, c0, r1, c1] = options.bbox ?? [0, 0, h, w];
  const startedTop = new Uint8Array(w * h); // top edges already walked (every ring has one, so rings start there)
  const rings = new Map<number, Ring[]>();
  const at = (x: number, y: number): number => (x >= 0 && y >= 0 && x < w && y < h ? lab[y * w + x] : 0);
  for (let y = Math.max(0, r0); y < Math.min(h, r1); y++) {
    for (let x = Math.max(0, c0); x < Math.min(w, c1); x++) {
      const i = y * w + x;
      const l = lab[i];
      if (l === 0 || startedTop[i] || (options.label !== undefined && l !== options.label)) continue;
      if (y > 0 && lab[i - w] === l) continue; // not a top edge
      const ring = walk(x, y, l, at, (px, py) => { startedTop[py * w + px] = 1; });
      let list = rings.get(l);
      if (!list) rings.set(l, (list = []));
      for (const r of splitAtRepeats(ring, w + 1)) list.push(r);
    }
  }
  const out = new Map<number, ObjectPolygon[]>();
  for (const [l, list] of rings) out.set(l, assembleRings(list));
  return out;
}

// Headings on screen (y down): 0 = E, 1 = S, 2 = W, 3 = N.
const DX = [1, 0, -1, 0], DY = [0, 1, 0, -1];

/**
 * Walk one ring from the top edge of pixel (x0, y0), the object on the right-hand side (screen coordinates),
 * recording only the corners. `markTop` is called for every top edge walked (heading east).
 */
function walk(x0: number, y0: number, l: number, at: (x: number, y: number) => number, markTop: (x: number, y: number) => void): Ring {
  const ring: Ring = [];
  let vx = x0, vy = y0, d = 0;
  do {
    if (d === 0) markTop(vx, vy); // the edge leaving (vx, vy) eastwards is the top edge of pixel (vx, vy)
    vx += DX[d]; vy += DY[d];
    // The two pixels ahead of vertex (vx, vy): ahead-right (object side) and ahead-left.
    let ar: number, al: number;
    if (d === 0) { ar = at(vx, vy); al = at(vx, vy - 1); }
    else if (d === 1) { ar = at(vx - 1, vy); al = at(vx, vy); }
    else if (d === 2) { ar = at(vx - 1, vy - 1); al = at(vx - 1, vy); }
    else { ar = at(vx, vy - 1); al = at(vx - 1, vy - 1); }
    // 4-connected rule: turn right unless the ahead-right pixel is ours (a diagonal-only neighbour ahead-left
    // is not followed; a ring that comes back to this vertex is split afterwards).
    const nd = ar !== l ? (d + 1) % 4 : al === l ? (d + 3) % 4 : d;
    if (nd !== d) ring.push(vx, vy);
    d = nd;
  } while (vx !== x0 || vy !== y0 || d !== 0);
  // The start (a corner: the top-left of the ring's first top edge) was recorded last; put it first.
  return [ring[ring.length - 2], ring[ring.length - 1], ...ring.slice(0, -2)];
}

/**
 * Split a closed ring into simple rings at every vertex it passes more than once (only possible at
 * diagonal corners). Orientation is kept, so the sign of each piece's area still tells shell from hole.
 */
export function splitAtRepeats(ring: Ring, stride: number): Ring[] {
  const n = ring.length / 2;
  const pos = new Map<number, number>(); // vertex key → index in `path`
  const path: number[] = []; // vertex keys
  const out: Ring[] = [];
  for (let i = 0; i < n; i++) {
    const key = ring[2 * i + 1] * stride + ring[2 * i];
    const k = pos.get(key);
    if (k !== undefined) {
      // path[k..] is a closed loop through this vertex: cut it off.
      const loop = path.splice(k);
      for (const kk of loop) pos.delete(kk);
      out.push(fromKeys(loop, stride));
    }
    pos.set(key, path.length);
    path.push(key);
  }
  if (path.length) out.push(fromKeys(path, stride));
  return out.map(dropStraight).filter((r) => r.length >= 8);
}

function fromKeys(keys: number[], stride: number): Ring {
  const r: Ring = [];
  for (const k of keys) r.push(k % stride, Math.floor(k / stride));
  return r;
}

/** Remove vertices where the ring goes straight on (a cut made at a corner can leave one). */
function dropStraight(r: Ring): Ring {
  const n = r.length / 2;
  const out: Ring = [];
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n, q = (i + 1) % n;
    const cross = (r[2 * i] - r[2 * p]) * (r[2 * q + 1] - r[2 * i + 1]) - (r[2 * i + 1] - r[2 * p + 1]) * (r[2 * q] - r[2 * i]);
    if (cross !== 0) out.push(r[2 * i], r[2 * i + 1]);
  }
  return out;
}

/** Twice the signed area (shoelace); positive for shells as traced here. */
export function ringArea2(r: Ring): number {
  const n = r.length / 2;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += r[2 * i] * r[2 * j + 1] - r[2 * j] * r[2 * i + 1];
  }
  return s;
}

/** Even-odd test of a point that is never on an edge (pixel centres against corner rings). */
function contains(r: Ring, px: number, py: number): boolean {
  const n = r.length / 2;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Group rings into polygons: each hole goes to the smallest enclosing shell. */
function assembleRings(rings: Ring[]): ObjectPolygon[] {
  const shells: { ring: Ring; area: number; poly: ObjectPolygon }[] = [];
  const holes: Ring[] = [];
  for (const r of rings) {
    const a = ringArea2(r);
    if (a > 0) shells.push({ ring: r, area: a, poly: { outer: r, holes: [] } });
    else holes.push(r);
  }
  if (shells.length === 1) { shells[0].poly.holes.push(...holes); return [shells[0].poly]; }
  shells.sort((a, b) => a.area - b.area); // smallest first, so the first container found is the closest
  for (const hole of holes) {
    // The hole's first edge starts at its first vertex; the pixel on its left (screen) is outside the object,
    // strictly inside the hole. Rings here are traced with the object on the right.
    const [px, py] = insidePoint(hole);
    const owner = shells.find((s) => contains(s.ring, px, py));
    (owner ?? shells[shells.length - 1]).poly.holes.push(hole);
  }
  return shells.map((s) => s.poly);
}

/** Centre of the pixel on the left of a ring's first edge (screen coordinates): not in the object. */
function insidePoint(r: Ring): [number, number] {
  const x0 = r[0], y0 = r[1], x1 = r[2], y1 = r[3];
  const dx = Math.sign(x1 - x0), dy = Math.sign(y1 - y0);
  // Left of heading (dx, dy) on screen is (dy, −dx); the pixel there, next to the edge's first unit step:
  const mx = x0 + dx * 0.5, my = y0 + dy * 0.5;
  return [mx + dy * 0.5, my - dx * 0.5];
}
