/**
 * RGBA of the corrected layer, one colour per object so a merge or a split is seen at once. Rendered per
 * rectangle: after an edit only the touched tiles are drawn again (the bench's `edit_stroke_ms_16384`).
 */
import { DIFF_COLORS, type DiffCounts } from '../metrics/diffMap';
import type { Rect, TiledLabels } from './tiledLabels';

/**
 * A bright, stable colour per label: hue by the golden angle (neighbouring labels differ strongly), high
 * saturation and value, so objects stand out on grey EM and fluorescence alike. Packed as 0xAABBGGRR
 * (little-endian RGBA bytes).
 */
export function labelColor(label: number): number {
  const h = ((label * 137.508) % 360) / 60, s = 0.75, v = 0.98;
  const c = v * s, x = c * (1 - Math.abs((h % 2) - 1)), m = v - c;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const byte = (t: number) => Math.round((t + m) * 255);
  return (0xff << 24 | byte(b) << 16 | byte(g) << 8 | byte(r)) >>> 0;
}

/** Colours by label, memoised (a palette lookup per pixel instead of maths). */
const palette = new Map<number, number>();
const colorOf = (l: number) => {
  let c = palette.get(l);
  if (c === undefined) {
    if (palette.size > 1 << 16) palette.clear();
    palette.set(l, (c = labelColor(l)));
  }
  return c;
};

/** RGBA (rect.width × rect.height) of the layer in `rect`: object colours, transparent background. */
export function renderLabelsRgba(layer: TiledLabels, rect: Rect): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(rect.width * rect.height * 4);
  const px = new Uint32Array(out.buffer);
  const ts = layer.tileSize, m = ts - 1;
  for (const ti of layer.tilesIn(rect)) {
    const t = layer.tile(ti);
    if (!t) continue;
    const tr = layer.tileRect(ti);
    const x0 = Math.max(rect.x, tr.x), x1 = Math.min(rect.x + rect.width, tr.x + tr.width);
    const y0 = Math.max(rect.y, tr.y), y1 = Math.min(rect.y + rect.height, tr.y + tr.height);
    let lastL = 0, lastC = 0;
    for (let y = y0; y < y1; y++) {
      const src = (y & m) * ts, dst = (y - rect.y) * rect.width - rect.x;
      for (let x = x0; x < x1; x++) {
        const l = t[src + (x & m)];
        if (!l) continue;
        if (l !== lastL) { lastL = l; lastC = colorOf(l); }
        px[dst + x] = lastC;
      }
    }
  }
  return out;
}

/**
 * RGBA of where the corrected layer and the network's mask (prob ≥ threshold) differ, in `rect`, in the
 * compare difference map's colours (metrics/diffMap.ts DIFF_COLORS: A = network, B = corrected): only the
 * network = orange (removed by the correction), only corrected = blue (added), both = yellow.
 */
export function renderDiffRgba(layer: TiledLabels, prob: Float32Array, threshold: number, rect: Rect): { rgba: Uint8ClampedArray<ArrayBuffer>; counts: DiffCounts } {
  const out = new Uint8ClampedArray(rect.width * rect.height * 4);
  const px = new Uint32Array(out.buffer);
  const pack = (rgb: readonly number[]) => (0xff << 24 | rgb[2] << 16 | rgb[1] << 8 | rgb[0]) >>> 0;
  const cA = pack(DIFF_COLORS.onlyA.rgb), cB = pack(DIFF_COLORS.onlyB.rgb), cBoth = pack(DIFF_COLORS.both.rgb);
  let onlyA = 0, onlyB = 0, both = 0;
  for (let y = 0; y < rect.height; y++) {
    const row = (rect.y + y) * layer.width + rect.x;
    for (let x = 0; x < rect.width; x++) {
      const a = prob[row + x] >= threshold, b = layer.get(rect.x + x, rect.y + y) !== 0;
      if (a && b) { px[y * rect.width + x] = cBoth; both++; }
      else if (a) { px[y * rect.width + x] = cA; onlyA++; }
      else if (b) { px[y * rect.width + x] = cB; onlyB++; }
    }
  }
  return { rgba: out, counts: { onlyA, onlyB, both, neither: rect.width * rect.height - onlyA - onlyB - both } };
}
