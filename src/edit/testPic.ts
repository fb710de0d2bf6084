/** Test helpers: label pictures as strings ('.' background, digits/letters labels), one string per row. */
import { TiledLabels } from './tiledLabels';

const CODES = '.123456789abcdefghijklmnopqrstuvwxyz';

/** A layer from a picture; `tileSize` small (8) so pictures span several tiles. */
export function layerOf(rows: string[], tileSize = 8): TiledLabels {
  const w = rows[0].length, h = rows.length;
  const labels = new Uint32Array(w * h);
  rows.forEach((r, y) => [...r].forEach((c, x) => { labels[y * w + x] = Math.max(0, CODES.indexOf(c)); }));
  return TiledLabels.fromLabels(labels, w, h, tileSize);
}

/** The layer as a picture (labels > 35 print as '#'). */
export function picOf(layer: TiledLabels): string[] {
  const rows: string[] = [];
  for (let y = 0; y < layer.height; y++) {
    let s = '';
    for (let x = 0; x < layer.width; x++) s += CODES[layer.get(x, y)] ?? '#';
    rows.push(s);
  }
  return rows;
}

/** Independent recount by a full scan: foreground pixels and distinct labels. */
export function recount(layer: TiledLabels): { foreground: number; objects: number } {
  const seen = new Set<number>();
  let foreground = 0;
  for (let y = 0; y < layer.height; y++) for (let x = 0; x < layer.width; x++) {
    const l = layer.get(x, y);
    if (l) { foreground++; seen.add(l); }
  }
  return { foreground, objects: seen.size };
}
