#!/usr/bin/env node
/**
 * Writes the PWA icons to public/icons/ (committed; re-run after changing the design):
 *   icon-192.png, icon-512.png   rounded tile, transparent corners ("any" purpose)
 *   maskable-512.png             full-bleed background, artwork inside the central 80 % safe zone ("maskable")
 * The artwork is drawn from signed-distance shapes with 4×4 supersampling: three cells, one of them outlined
 * with the accent colour like a segmentation contour. Only dependency: fast-png (already a dependency).
 *
 *   node scripts/make-icons.mjs
 */
import { encode } from 'fast-png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const BG = hex('#10151b'); // --bg
const PANEL = hex('#1d2630'); // theme colour (--panel-2)
const CELL = hex('#4b5b6b');
const NUCLEUS = hex('#8a98a6'); // --muted
const ACCENT = hex('#38bdf8'); // --accent
const FILL = hex('#0e3a4f'); // accent-tinted fill of the segmented cell

/** Signed distance to an ellipse-ish shape (scaled circle), rotated; negative inside. Units: 0..1 of the art box. */
function ellipse(x, y, cx, cy, rx, ry, angle = 0) {
  const c = Math.cos(angle), s = Math.sin(angle);
  const dx = x - cx, dy = y - cy;
  const u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
  return (Math.hypot(u, v) - 1) * Math.min(rx, ry);
}

function roundedBox(x, y, half, r) {
  const qx = Math.abs(x - 0.5) - half + r, qy = Math.abs(y - 0.5) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Colour of the artwork at (x, y) in [0,1]², or null where it is transparent. */
function art(x, y) {
  const cells = [
    { cx: 0.33, cy: 0.36, rx: 0.2, ry: 0.16, a: 0.5, seg: false },
    { cx: 0.72, cy: 0.3, rx: 0.15, ry: 0.12, a: -0.3, seg: false },
    { cx: 0.56, cy: 0.68, rx: 0.27, ry: 0.21, a: -0.45, seg: true },
  ];
  let colour = null;
  for (const c of cells) {
    const d = ellipse(x, y, c.cx, c.cy, c.rx, c.ry, c.a);
    const n = ellipse(x, y, c.cx + 0.02, c.cy - 0.01, c.rx * 0.38, c.ry * 0.42, c.a + 0.4);
    if (c.seg) {
      if (Math.abs(d) < 0.022) colour = ACCENT; // the contour
      else if (d < 0) colour = n < 0 ? NUCLEUS : FILL;
    } else if (d < 0) colour = n < 0 ? NUCLEUS : CELL;
  }
  return colour;
}

/**
 * One icon: `size` px; `fullBleed` paints the background to the edges (maskable), otherwise a
 * rounded tile; the artwork occupies `artScale` of the side, centred.
 */
function render(size, { fullBleed, artScale }) {
  const ss = 4;
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size, y = (py + (sy + 0.5) / ss) / size;
          const inTile = fullBleed || roundedBox(x, y, 0.5, 0.2) < 0;
          if (!inTile) continue;
          const ax = (x - 0.5) / artScale + 0.5, ay = (y - 0.5) / artScale + 0.5;
          const inside = ax >= 0 && ax <= 1 && ay >= 0 && ay <= 1;
          // A panel-coloured disc behind the cells lifts them off the background.
          const disc = Math.hypot(ax - 0.5, ay - 0.5) < 0.5 ? PANEL : BG;
          const c = (inside && art(ax, ay)) || disc;
          r += c[0]; g += c[1]; b += c[2]; a += 255;
        }
      }
      const n = ss * ss, i = (py * size + px) * 4;
      data[i] = Math.round(r / n); data[i + 1] = Math.round(g / n); data[i + 2] = Math.round(b / n); data[i + 3] = Math.round(a / n);
      if (a > 0) for (let k = 0; k < 3; k++) data[i + k] = Math.round(data[i + k] * (n * 255) / a); // un-premultiply
    }
  }
  return encode({ width: size, height: size, data, channels: 4, depth: 8 });
}

mkdirSync(out, { recursive: true });
const icons = [
  ['icon-192.png', 192, { fullBleed: false, artScale: 0.86 }],
  ['icon-512.png', 512, { fullBleed: false, artScale: 0.86 }],
  // Maskable: the safe zone is the central circle of radius 40 % of the side; the art disc (radius artScale/2) stays inside it.
  ['maskable-512.png', 512, { fullBleed: true, artScale: 0.74 }],
];
for (const [name, size, opts] of icons) {
  const png = render(size, opts);
  writeFileSync(join(out, name), png);
  console.log(`${name}: ${size}×${size}, ${png.length} bytes`);
}
