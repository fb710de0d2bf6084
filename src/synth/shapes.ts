/**
 * Random cell shapes and their exact instance labels. A shape is an ellipse whose polar radius is modulated by a
 * few low-frequency harmonics ("radial noise", k = 2..5), so it is star-shaped around its centre. Shapes are
 * placed by rejection sampling against an occupancy map inflated by `gap` px, so labels never overlap and are at
 * least `gap` px apart (gap 0 = touching allowed). Each accepted shape is flood-filled (4-connected) from its
 * centre pixel, so every label is exactly one connected component and lies inside its own shape.
 */
import type { Rng } from './prng';

export interface Harmonic {
  k: number;
  amp: number;
  phase: number;
}

/** One placed cell. Pixel (x, y) belongs to it when its centre (x, y) satisfies dist ≤ radiusAt(angle). */
export interface CellShape {
  label: number;
  cx: number;
  cy: number;
  /** Semi-axes before radial noise, px. */
  a: number;
  b: number;
  /** Rotation of the `a` axis, radians. */
  theta: number;
  harmonics: Harmonic[];
  /** radiusAt sampled at RADIUS_BINS + 1 angles over [-π, π] (built when the shape is drawn); the shape's definition. */
  table: Float32Array;
}

/** Angular resolution of the radius table; 256 bins keep the interpolation error far below a pixel for r < 100. */
export const RADIUS_BINS = 256;

export interface PlacementParams {
  /** Equivalent radius range sqrt(a·b), px. */
  radiusMin: number;
  radiusMax: number;
  /** Largest a/b. */
  aspectMax: number;
  /** Amplitude scale of the radial noise (0 = pure ellipse). */
  roughness: number;
  /** Minimum free pixels between two cells; 0 lets cells touch. */
  gap: number;
  /** Fraction of the image to cover when no count is given. */
  coverage: number;
  /** Probability that a candidate is placed right next to an existing cell (clusters, touching nuclei). */
  touchFraction: number;
}

export interface Placement {
  shapes: CellShape[];
  /** Instance labels 1..N, 0 = background. */
  labels: Uint16Array;
  /** Normalised radius dist / radiusAt(angle) in [0, 1] inside cells (0 at the centre), 0 outside. */
  radial: Float32Array;
}

/**
 * Polar radius of `s` at angle `phi` in [-π, π] (radians, image axes, as returned by Math.atan2): linear
 * interpolation in `s.table`. A table rather than the analytic formula because placement evaluates it for every
 * pixel of every candidate, and one atan2 plus a lookup is several times cheaper than 6 trig calls.
 */
export function radiusAt(s: CellShape, phi: number): number {
  const f = ((phi + Math.PI) / (2 * Math.PI)) * RADIUS_BINS;
  const i = f <= 0 ? 0 : f >= RADIUS_BINS ? RADIUS_BINS - 1 : Math.floor(f);
  const w = f - i;
  return s.table[i] + w * (s.table[i + 1] - s.table[i]);
}

/** Analytic polar radius: rotated ellipse × (1 + Σ amp·cos(k·phi + phase)). */
export function radiusAnalytic(s: CellShape, phi: number): number {
  const psi = phi - s.theta;
  const c = Math.cos(psi);
  const sn = Math.sin(psi);
  // Ellipse in polar form about its centre.
  let r = (s.a * s.b) / Math.sqrt(s.b * s.b * c * c + s.a * s.a * sn * sn);
  let m = 1;
  for (const h of s.harmonics) m += h.amp * Math.cos(h.k * phi + h.phase);
  r *= m;
  return r;
}

/** Largest possible radius of `s` (bounding-box half size). */
export function maxRadius(s: CellShape): number {
  let m = 1;
  for (const h of s.harmonics) m += Math.abs(h.amp);
  return Math.max(s.a, s.b) * m;
}

function randomShape(rng: Rng, p: PlacementParams, cx: number, cy: number, label: number): CellShape {
  const R = rng.uniform(p.radiusMin, p.radiusMax);
  const q = rng.uniform(1, p.aspectMax);
  const harmonics: Harmonic[] = [];
  for (let k = 2; k <= 5; k++) {
    harmonics.push({ k, amp: (rng.uniform(0, p.roughness) / (k - 1)), phase: rng.uniform(0, 2 * Math.PI) });
  }
  const s: CellShape = {
    label, cx, cy, a: R * Math.sqrt(q), b: R / Math.sqrt(q), theta: rng.uniform(0, Math.PI), harmonics,
    table: new Float32Array(RADIUS_BINS + 1),
  };
  for (let i = 0; i <= RADIUS_BINS; i++) s.table[i] = radiusAnalytic(s, -Math.PI + (2 * Math.PI * i) / RADIUS_BINS);
  return s;
}

/**
 * Place random cells on a width×height canvas. With `count`, try to place that many (fewer when they do not fit);
 * otherwise fill up to `p.coverage`. Labels are 1..shapes.length in placement order.
 */
export function placeCells(width: number, height: number, rng: Rng, p: PlacementParams, count?: number): Placement {
  const n = width * height;
  const labels = new Uint16Array(n);
  const radial = new Float32Array(n);
  const occupied = new Uint8Array(n);
  const shapes: CellShape[] = [];
  const meanArea = Math.PI * ((p.radiusMin + p.radiusMax) / 2) ** 2;
  const target = count ?? Math.max(1, Math.round((p.coverage * n) / meanArea));
  const maxAttempts = Math.max(200, target * 200);
  if (target > 65535) throw new RangeError(`at most 65535 cells fit in 16-bit labels, asked for ${target}`);

  let covered = 0;
  for (let attempt = 0; attempt < maxAttempts && shapes.length < target; attempt++) {
    if (count === undefined && covered >= p.coverage * n) break;
    let cx = rng.uniform(0, width - 1);
    let cy = rng.uniform(0, height - 1);
    const s = randomShape(rng, p, cx, cy, shapes.length + 1);
    if (shapes.length > 0 && rng.next() < p.touchFraction) {
      // Put the candidate just outside a random existing cell, along a random direction.
      const o = shapes[rng.int(0, shapes.length - 1)];
      const ang = rng.uniform(-Math.PI, Math.PI);
      const d = radiusAt(o, ang) + p.gap + Math.sqrt(s.a * s.b) * 1.02 + 0.5;
      cx = o.cx + d * Math.cos(ang);
      cy = o.cy + d * Math.sin(ang);
      if (cx < 0 || cy < 0 || cx > width - 1 || cy > height - 1) continue;
      s.cx = cx;
      s.cy = cy;
    }
    const ci = Math.round(cy) * width + Math.round(cx);
    if (occupied[ci] || probeOccupied(s, width, height, occupied)) continue;
    const hit = rasterize(s, width, height, occupied);
    if (hit === null) continue;
    const { pixels, t } = hit;
    // Skip slivers cut by the border: keep cells with at least 35% of their area visible.
    if (pixels.length < 0.35 * Math.PI * s.a * s.b || pixels.length < 6) continue;
    for (let i = 0; i < pixels.length; i++) {
      labels[pixels[i]] = s.label;
      radial[pixels[i]] = t[i];
    }
    markOccupied(s, width, height, occupied, p.gap);
    covered += pixels.length;
    shapes.push(s);
  }
  return { shapes, labels, radial };
}

/** Cheap early rejection: 8 points at 60% of the radius, any of them occupied. */
function probeOccupied(s: CellShape, width: number, height: number, occupied: Uint8Array): boolean {
  for (let j = 0; j < 8; j++) {
    const phi = -Math.PI + (j * Math.PI) / 4;
    const r = 0.6 * radiusAt(s, phi);
    const x = Math.round(s.cx + r * Math.cos(phi));
    const y = Math.round(s.cy + r * Math.sin(phi));
    if (x >= 0 && y >= 0 && x < width && y < height && occupied[y * width + x]) return true;
  }
  return false;
}

/**
 * Pixels of `s` reachable from its centre (4-connected), sorted, with their normalised radius; or null when any
 * pixel of the shape is already occupied.
 */
function rasterize(
  s: CellShape, width: number, height: number, occupied: Uint8Array,
): { pixels: Int32Array; t: Float32Array } | null {
  const rm = Math.ceil(maxRadius(s)) + 1;
  const x0 = Math.max(0, Math.floor(s.cx) - rm);
  const x1 = Math.min(width - 1, Math.ceil(s.cx) + rm);
  const y0 = Math.max(0, Math.floor(s.cy) - rm);
  const y1 = Math.min(height - 1, Math.ceil(s.cy) + rm);
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const inside = new Uint8Array(bw * bh);
  const tl = new Float32Array(bw * bh);
  for (let y = y0; y <= y1; y++) {
    const dy = y - s.cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x - s.cx;
      const d = Math.sqrt(dx * dx + dy * dy);
      const r = radiusAt(s, Math.atan2(dy, dx));
      if (d <= r) {
        if (occupied[y * width + x]) return null;
        const li = (y - y0) * bw + (x - x0);
        inside[li] = 1;
        tl[li] = d / r;
      }
    }
  }
  // Flood fill from the centre pixel; drops any pixel the rasterisation left disconnected.
  const sx = Math.round(s.cx) - x0;
  const sy = Math.round(s.cy) - y0;
  if (sx < 0 || sy < 0 || sx >= bw || sy >= bh || !inside[sy * bw + sx]) return null;
  const stack: number[] = [sy * bw + sx];
  inside[sy * bw + sx] = 2;
  const reached: number[] = [];
  while (stack.length > 0) {
    const li = stack.pop()!;
    const lx = li % bw;
    const ly = (li - lx) / bw;
    reached.push(li);
    if (lx > 0 && inside[li - 1] === 1) { inside[li - 1] = 2; stack.push(li - 1); }
    if (lx < bw - 1 && inside[li + 1] === 1) { inside[li + 1] = 2; stack.push(li + 1); }
    if (ly > 0 && inside[li - bw] === 1) { inside[li - bw] = 2; stack.push(li - bw); }
    if (ly < bh - 1 && inside[li + bw] === 1) { inside[li + bw] = 2; stack.push(li + bw); }
  }
  // Local indices in row-major order map to increasing global indices.
  reached.sort((p, q) => p - q);
  const pixels = new Int32Array(reached.length);
  const t = new Float32Array(reached.length);
  for (let j = 0; j < reached.length; j++) {
    const li = reached[j];
    const lx = li % bw;
    pixels[j] = ((li - lx) / bw + y0) * width + lx + x0;
    t[j] = tl[li];
  }
  return { pixels, t };
}

/** Mark `s` inflated by `gap` px as occupied, so later cells keep that distance. */
function markOccupied(s: CellShape, width: number, height: number, occupied: Uint8Array, gap: number): void {
  const rm = Math.ceil(maxRadius(s) + gap) + 1;
  const x0 = Math.max(0, Math.floor(s.cx) - rm);
  const x1 = Math.min(width - 1, Math.ceil(s.cx) + rm);
  const y0 = Math.max(0, Math.floor(s.cy) - rm);
  const y1 = Math.min(height - 1, Math.ceil(s.cy) + rm);
  for (let y = y0; y <= y1; y++) {
    const dy = y - s.cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x - s.cx;
      if (Math.sqrt(dx * dx + dy * dy) <= radiusAt(s, Math.atan2(dy, dx)) + gap) occupied[y * width + x] = 1;
    }
  }
}
