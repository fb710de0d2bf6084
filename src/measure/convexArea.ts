import type { LabelImage } from './labelIndex';

/**
 * Convex-hull pixel count per object, as skimage's `regionprops(...).area_convex` =
 * `convex_hull_image(region.image).sum()` (skimage/morphology/convex_hull.py, offset_coordinates=True):
 * every pixel contributes the four edge midpoints (r±½, c) and (r, c±½), the hull of those points is taken,
 * and a pixel counts when its centre lies inside the hull or on its boundary (`grid_points_in_poly` returns
 * inside, vertex and edge alike as true).
 *
 * Done here in exact integer arithmetic: coordinates are doubled so every point is an integer, the hull is
 * Andrew's monotone chain, and each row's range of centres comes from one linear inequality per hull edge.
 * Only each row's leftmost and rightmost pixel can touch the hull (skimage's `possible_hull` uses the same
 * idea), so the hull is built from 6 points per row.
 *
 * @param indexOf label → object index (from `labelStats`)
 */
export function convexAreas(img: LabelImage, objects: number, indexOf: (label: number) => number): Float64Array {
  const { labels: lab, width: w, height: h } = img;
  const points: number[][] = Array.from({ length: objects }, () => []);
  const rowMin = new Int32Array(objects), rowMax = new Int32Array(objects);
  const rowTag = new Int32Array(objects).fill(-1);
  const seen: number[] = [];
  for (let y = 0; y < h; y++) {
    seen.length = 0;
    for (let x = 0; x < w; x++) {
      const l = lab[y * w + x];
      if (l === 0) continue;
      const k = indexOf(l);
      if (rowTag[k] !== y) { rowTag[k] = y; rowMin[k] = x; seen.push(k); }
      rowMax[k] = x;
    }
    for (const k of seen) {
      // Doubled (x, y) = (col, row) of the row's outermost edge midpoints: above and below both end pixels,
      // left of the first, right of the last (the inner side midpoints lie inside the hull anyway).
      const a = 2 * rowMin[k], b = 2 * rowMax[k];
      points[k].push(a, 2 * y - 1, a, 2 * y + 1, a - 1, 2 * y, b, 2 * y - 1, b, 2 * y + 1, b + 1, 2 * y);
    }
  }
  const out = new Float64Array(objects);
  for (let k = 0; k < objects; k++) out[k] = countInHull(hull(points[k]));
  return out;
}

/** Andrew's monotone chain on flat [x0,y0,x1,y1,…] integers; counter-clockwise in (x, y) algebra, no collinear points. */
export function hull(flat: number[]): number[] {
  const n = flat.length / 2;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1]);
  const cross = (o: number, a: number, b: number): number =>
    (flat[2 * a] - flat[2 * o]) * (flat[2 * b + 1] - flat[2 * o + 1]) - (flat[2 * a + 1] - flat[2 * o + 1]) * (flat[2 * b] - flat[2 * o]);
  const chain: number[] = [];
  const build = (order: number[]): void => {
    const start = chain.length;
    for (const i of order) {
      while (chain.length >= start + 2 && cross(chain[chain.length - 2], chain[chain.length - 1], i) <= 0) chain.pop();
      chain.push(i);
    }
    chain.pop(); // the last point starts the other half
  };
  build(idx);
  build(idx.slice().reverse());
  const out: number[] = [];
  for (const i of chain) out.push(flat[2 * i], flat[2 * i + 1]);
  return out;
}

/** Number of pixel centres (doubled: (2c, 2r)) inside or on a counter-clockwise hull in doubled coordinates. */
function countInHull(hv: number[]): number {
  const m = hv.length / 2;
  if (m === 0) return 0;
  let yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < m; i++) { yMin = Math.min(yMin, hv[2 * i + 1]); yMax = Math.max(yMax, hv[2 * i + 1]); }
  let total = 0;
  for (let r = Math.ceil(yMin / 2); 2 * r <= yMax; r++) {
    const y = 2 * r;
    let lo = -Infinity, hi = Infinity;
    for (let i = 0; i < m && lo <= hi; i++) {
      const ax = hv[2 * i], ay = hv[2 * i + 1];
      const bx = hv[(2 * i + 2) % (2 * m)], by = hv[(2 * i + 3) % (2 * m)];
      // cross(b − a, (2c, y) − a) ≥ 0  ⇔  A·c + B ≥ 0
      const A = -2 * (by - ay);
      const B = (bx - ax) * (y - ay) + (by - ay) * ax;
      // Exact: |A| is small, so a non-integer quotient is never within rounding error of an integer.
      if (A > 0) lo = Math.max(lo, Math.ceil(-B / A));
      else if (A < 0) hi = Math.min(hi, Math.floor(B / -A));
      else if (B < 0) { lo = 1; hi = 0; }
    }
    if (hi >= lo) total += hi - lo + 1;
  }
  return total;
}
