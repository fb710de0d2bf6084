/**
 * The benchmark's input (issue #7): a real EM mosaic rather than noise, so normalisation, tile count and
 * the network's work are those of a real large image. Pure: rasters in, raster out (src/cli/bench.ts reads the
 * PNGs, the page gets the mosaic as 8-bit PNG bytes and decodes it with the studio's own decoder).
 */

/** One single-channel image, row-major (the shape of io/types.ts Raster's pixel part). */
export interface Gray {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Place equally sized images on a `cols`-wide grid, row by row (image k at column k % cols, row
 * floor(k / cols)). The image count must fill the grid.
 */
export function buildMosaic(parts: Gray[], cols: number): Gray {
  if (!parts.length) throw new Error('buildMosaic: no images');
  if (!(Number.isInteger(cols) && cols > 0) || parts.length % cols !== 0)
    throw new Error(`buildMosaic: ${parts.length} images do not fill rows of ${cols}`);
  const { width: w, height: h } = parts[0];
  for (const [k, p] of parts.entries()) {
    if (p.width !== w || p.height !== h) throw new Error(`buildMosaic: image ${k} is ${p.width}×${p.height}, image 0 is ${w}×${h}`);
    if (p.data.length !== w * h) throw new Error(`buildMosaic: image ${k} has ${p.data.length} values for ${w}×${h}`);
  }
  const rows = parts.length / cols;
  const width = w * cols, height = h * rows;
  const data = new Float32Array(width * height);
  parts.forEach((p, k) => {
    const ox = (k % cols) * w, oy = Math.floor(k / cols) * h;
    for (let y = 0; y < h; y++) data.set(p.data.subarray(y * w, (y + 1) * w), (oy + y) * width + ox);
  });
  return { width, height, data };
}

/** The centred width×height window of an image (the left/top margin gets the odd pixel). */
export function centreCrop(img: Gray, width: number, height: number): Gray {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width <= img.width && height <= img.height))
    throw new Error(`centreCrop: ${width}×${height} does not fit in ${img.width}×${img.height}`);
  const x0 = Math.floor((img.width - width) / 2), y0 = Math.floor((img.height - height) / 2);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + width), y * width);
  return { width, height, data };
}

/** 8-bit samples of an image whose values are integers in 0–255 (an 8-bit source); anything else throws. */
export function toUint8(img: Gray): Uint8Array {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = img.data[i];
    if (!(v >= 0 && v <= 255 && v === Math.floor(v))) throw new Error(`toUint8: pixel ${i} is ${v}, not an 8-bit value`);
    out[i] = v;
  }
  return out;
}
