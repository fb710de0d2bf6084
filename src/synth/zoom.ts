/**
 * "Higher magnification" for synthetic images: a size/zoom render enlarged to size × size, bilinear for the
 * image (the optics blur it the same way) and nearest for the labels. Cells then look `zoom`× larger than
 * the ones the bundled models were trained on: the domain shift of switching to a stronger objective, which
 * the fine-tuning test (src/cli/finetune.test.ts) uses. Pure.
 */

/** Enlarge a w×h float image to size×size (bilinear, pixel centres aligned as in OpenCV/PIL resize). */
export function zoomImage(a: Float32Array, w: number, h: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  const sy = h / size, sx = w / size;
  for (let i = 0; i < size; i++) {
    const y = Math.min(h - 1, Math.max(0, (i + 0.5) * sy - 0.5));
    const y0 = Math.floor(y), y1 = Math.min(h - 1, y0 + 1), fy = y - y0;
    for (let j = 0; j < size; j++) {
      const x = Math.min(w - 1, Math.max(0, (j + 0.5) * sx - 0.5));
      const x0 = Math.floor(x), x1 = Math.min(w - 1, x0 + 1), fx = x - x0;
      out[i * size + j] = (a[y0 * w + x0] * (1 - fx) + a[y0 * w + x1] * fx) * (1 - fy) + (a[y1 * w + x0] * (1 - fx) + a[y1 * w + x1] * fx) * fy;
    }
  }
  return out;
}

/** Enlarge a w×h label image to size×size (nearest). */
export function zoomLabels(a: Uint16Array, w: number, h: number, size: number): Uint16Array {
  const out = new Uint16Array(size * size);
  for (let i = 0; i < size; i++) {
    const y = Math.min(h - 1, Math.floor((i * h) / size));
    for (let j = 0; j < size; j++) out[i * size + j] = a[y * w + Math.min(w - 1, Math.floor((j * w) / size))];
  }
  return out;
}
