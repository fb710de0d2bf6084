/**
 * Geometry → pixels for the edit tools, in image coordinates (pixel (x, y) covers [x, x+1)×[y, y+1), so its
 * centre is (x+½, y+½)). Each function calls `span(y, x0, x1)` for inclusive runs of one row, clipped to the
 * image: the callers write whole runs and never visit a pixel outside the shape's rows.
 */

export type SpanFn = (y: number, x0: number, x1: number) => void;

/** Emit [lo, hi] (continuous x of pixel centres) as pixels of row y, clipped to 0..width−1. */
function emit(span: SpanFn, y: number, lo: number, hi: number, width: number): void {
  const a = Math.max(0, Math.ceil(lo - 0.5)), b = Math.min(width - 1, Math.floor(hi - 0.5));
  if (a <= b) span(y, a, b);
}

/**
 * A stroke of radius r: every pixel whose centre lies within r of the polyline `points` (x0, y0, x1, y1, …).
 * Each segment is a capsule (two discs and the rectangle between them), convex, so its cut with a row is one
 * interval: the hull of the discs' and the rectangle's cuts. Pointer strokes have a point every few pixels, so
 * neighbouring capsules overlap several times: their intervals are merged per row first and every pixel is
 * emitted once. One point draws a disc.
 */
export function strokeSpans(points: ArrayLike<number>, radius: number, width: number, height: number, span: SpanFn): void {
  const n = points.length >> 1;
  if (n === 0 || !(radius > 0)) return;
  const rows = new Map<number, number[]>();
  const collect: SpanFn = (y, x0, x1) => {
    const r = rows.get(y);
    if (r) r.push(x0, x1);
    else rows.set(y, [x0, x1]);
  };
  for (let i = 0; i < Math.max(1, n - 1); i++) {
    const ax = points[2 * i], ay = points[2 * i + 1];
    const bx = n > 1 ? points[2 * i + 2] : ax, by = n > 1 ? points[2 * i + 3] : ay;
    capsuleSpans(ax, ay, bx, by, radius, width, height, collect);
  }
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const iv = rows.get(y)!;
    const order = Array.from({ length: iv.length >> 1 }, (_, k) => k).sort((a, b) => iv[2 * a] - iv[2 * b]);
    let lo = iv[2 * order[0]], hi = iv[2 * order[0] + 1];
    for (const k of order) {
      if (iv[2 * k] > hi + 1) {
        span(y, lo, hi);
        lo = iv[2 * k];
      }
      hi = Math.max(hi, iv[2 * k + 1]);
    }
    span(y, lo, hi);
  }
}

function capsuleSpans(ax: number, ay: number, bx: number, by: number, r: number, width: number, height: number, span: SpanFn): void {
  const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
  // The rectangle's corners: a ± r·n and b ± r·n, n the unit normal.
  const nx = len ? (-dy / len) * r : 0, ny = len ? (dx / len) * r : 0;
  const quad = [ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny];
  const y0 = Math.max(0, Math.ceil(Math.min(ay, by) - r - 0.5)), y1 = Math.min(height - 1, Math.floor(Math.max(ay, by) + r - 0.5));
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    let lo = Infinity, hi = -Infinity;
    for (const [px, py] of [[ax, ay], [bx, by]]) {
      const h = r * r - (cy - py) * (cy - py);
      if (h >= 0) {
        const w = Math.sqrt(h);
        lo = Math.min(lo, px - w);
        hi = Math.max(hi, px + w);
      }
    }
    if (len) {
      for (let k = 0; k < 4; k++) {
        const x1 = quad[2 * k], y1q = quad[2 * k + 1], x2 = quad[(2 * k + 2) % 8], y2 = quad[(2 * k + 3) % 8];
        if ((y1q <= cy && cy <= y2) || (y2 <= cy && cy <= y1q)) {
          const x = y1q === y2 ? Math.min(x1, x2) : x1 + ((cy - y1q) / (y2 - y1q)) * (x2 - x1);
          const xMax = y1q === y2 ? Math.max(x1, x2) : x;
          lo = Math.min(lo, x);
          hi = Math.max(hi, xMax);
        }
      }
    }
    if (lo <= hi) emit(span, y, lo, hi, width);
  }
}

/**
 * A 4-connected digital line through the pixels of the polyline's points (each step moves in x or in y, never
 * both): such a line separates 8-connected regions, so a split cut cannot be crossed diagonally. Calls
 * `pixel(x, y)` for every pixel inside the image, once per step (a pixel may repeat at the joints).
 */
export function line4(points: ArrayLike<number>, width: number, height: number, pixel: (x: number, y: number) => void): void {
  const n = points.length >> 1;
  const visit = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < width && y < height) pixel(x, y);
  };
  if (n === 1) visit(Math.floor(points[0]), Math.floor(points[1]));
  for (let i = 0; i + 1 < n; i++) {
    let x = Math.floor(points[2 * i]), y = Math.floor(points[2 * i + 1]);
    const x1 = Math.floor(points[2 * i + 2]), y1 = Math.floor(points[2 * i + 3]);
    const dx = Math.abs(x1 - x), dy = -Math.abs(y1 - y), sx = x < x1 ? 1 : -1, sy = y < y1 ? 1 : -1;
    let err = dx + dy;
    visit(x, y);
    while (x !== x1 || y !== y1) {
      // Bresenham, but a diagonal step is taken as two 4-connected steps (x first).
      const e2 = 2 * err;
      if (e2 >= dy && x !== x1) { err += dy; x += sx; }
      else { err += dx; y += sy; }
      visit(x, y);
    }
  }
}

/**
 * The closed polygon `points` (x0, y0, …; the last point joins the first) filled by scanlines with the
 * even-odd rule: a pixel is inside when its centre is. Fewer than 3 points fill nothing.
 */
export function polygonSpans(points: ArrayLike<number>, width: number, height: number, span: SpanFn): void {
  const n = points.length >> 1;
  if (n < 3) return;
  let minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minY = Math.min(minY, points[2 * i + 1]);
    maxY = Math.max(maxY, points[2 * i + 1]);
  }
  const y0 = Math.max(0, Math.ceil(minY - 0.5)), y1 = Math.min(height - 1, Math.floor(maxY - 0.5));
  const xs: number[] = [];
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = points[2 * i + 1], yj = points[2 * j + 1];
      // Half-open rule (yi ≤ cy < yj or the reverse): a vertex on the scanline is counted once.
      if ((yi <= cy) !== (yj <= cy)) xs.push(points[2 * i] + ((cy - yi) / (yj - yi)) * (points[2 * j] - points[2 * i]));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) emit(span, y, xs[k], xs[k + 1], width);
  }
}
