import type { LabelImage } from './labelIndex';

/**
 * Perimeter weights of skimage.measure.perimeter(image, neighbourhood=4) (skimage/measure/_regionprops_utils.py,
 * after Benkrid & Crookes): the border image (object minus its 4-connected erosion, image edge counted as
 * background) is convolved with [[10,2,10],[2,1,2],[10,2,10]]; each resulting code has a weight.
 */
const WEIGHTS = (() => {
  const w = new Float64Array(50);
  for (const k of [5, 7, 15, 17, 25, 27]) w[k] = 1;
  for (const k of [21, 33]) w[k] = Math.SQRT2;
  for (const k of [13, 23]) w[k] = (1 + Math.SQRT2) / 2;
  return w;
})();

/**
 * Per-object perimeter exactly as `skimage.measure.regionprops(...).perimeter` computes it, for every label at
 * once. A pixel is a border pixel of its own label when one of its 4-neighbours has another label or lies outside
 * the image (skimage erodes each region's cropped binary image with border_value=0, so other labels count as
 * background). Only border pixels have odd codes, and only odd codes carry weight, so the sum runs over them.
 *
 * @param indexOf label → object index (from `labelStats`)
 * @returns perimeter per object index
 */
export function perimeters(img: LabelImage, objects: number, indexOf: (label: number) => number): Float64Array {
  const { labels: lab, width: w, height: h } = img;
  const border = borderPixels(img);
  // Histogram of codes per object, then a dot product with the weights, as skimage does (bincount @ weights).
  const hist = new Float64Array(objects * 50);
  let l = 0;
  const same = (xx: number, yy: number): number =>
    xx >= 0 && yy >= 0 && xx < w && yy < h && border[yy * w + xx] && lab[yy * w + xx] === l ? 1 : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!border[i]) continue;
      l = lab[i];
      const edge = same(x - 1, y) + same(x + 1, y) + same(x, y - 1) + same(x, y + 1);
      const diag = same(x - 1, y - 1) + same(x + 1, y - 1) + same(x - 1, y + 1) + same(x + 1, y + 1);
      hist[indexOf(l) * 50 + 1 + 2 * edge + 10 * diag]++;
    }
  }
  const out = new Float64Array(objects);
  for (let k = 0; k < objects; k++) {
    let s = 0;
    for (let c = 0; c < 50; c++) s += hist[k * 50 + c] * WEIGHTS[c];
    out[k] = s;
  }
  return out;
}

/** 1 where a labelled pixel has a 4-neighbour of another label (or the image edge) next to it. */
export function borderPixels(img: LabelImage): Uint8Array {
  const { labels: lab, width: w, height: h } = img;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const l = lab[i];
      if (l === 0) continue;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1 ||
          lab[i - 1] !== l || lab[i + 1] !== l || lab[i - w] !== l || lab[i + w] !== l) out[i] = 1;
    }
  }
  return out;
}
