/**
 * tifffile's "shaped" TIFFs (what `tifffile.imwrite(path, array, metadata={'axes': 'TZYX'})` writes, the most
 * common Python way to save a stack): page 0's description is JSON `{"axes": "TZYX", "shape": [...]}`. Pages
 * run over the leading dimensions in C order; a dimension stored as samples (`S` after X, or a planar one just
 * before Y) is read from the samples. Without `axes` the file is left to the plain reading (pages = Z).
 */
import type { PageInfo, TiffLayout } from './tiffLayout';

type Axis = 't' | 'z' | 'c';

/** Axes and shape from tifffile's JSON description, or null when it is not one (or has no axes). */
export function parseTifffileJson(desc: string): { axes: string; shape: number[] } | null {
  if (!desc.startsWith('{')) return null;
  try {
    const j = JSON.parse(desc) as { axes?: unknown; shape?: unknown };
    if (typeof j.axes !== 'string' || !Array.isArray(j.shape) || j.axes.length !== j.shape.length) return null;
    if (!j.shape.every((n) => Number.isInteger(n) && n > 0)) return null;
    return { axes: j.axes.toUpperCase(), shape: j.shape as number[] };
  } catch {
    return null;
  }
}

/** The layout a tifffile JSON header describes, or null when its axes do not map onto T, Z, C, Y, X. */
export function tifffileLayout(meta: { axes: string; shape: number[] }, first: PageInfo, pageCount: number, rgb: boolean): TiffLayout | null {
  const { axes, shape } = meta;
  const y = axes.indexOf('Y'), x = axes.indexOf('X');
  if (y < 0 || x !== y + 1 || shape[y] !== first.height || shape[x] !== first.width) return null;
  const spp = first.samples;
  // The samples dimension: 'S' right after X (contiguous), or the planar one right before Y.
  let sampleDim = -1;
  if (spp > 1) {
    if (axes[x + 1] === 'S' && shape[x + 1] === spp) sampleDim = x + 1;
    else if (y > 0 && shape[y - 1] === spp) sampleDim = y - 1;
    else return null;
  }
  const letter = (i: number): Axis | null => {
    const a = axes[i];
    return a === 'T' ? 't' : a === 'Z' ? 'z' : a === 'C' || a === 'S' ? 'c' : null;
  };
  const pageDims = axes.slice(0, sampleDim >= 0 && sampleDim < y ? sampleDim : y).split('').map((_, i) => i);
  const dims = [...pageDims, ...(sampleDim >= 0 ? [sampleDim] : [])];
  const used = dims.map(letter);
  if (used.some((a) => a === null) || new Set(used).size !== used.length) return null;
  const size = (a: Axis) => { const i = used.indexOf(a); return i < 0 ? 1 : shape[dims[i]]; };
  const strides = pageDims.map((_, k) => pageDims.slice(k + 1).reduce((p, d) => p * shape[d], 1));
  const sampleAxis = sampleDim >= 0 ? letter(sampleDim) : null;
  const isRgb = rgb && sampleAxis === 'c' && size('c') === spp;
  const sizeC = size('c');
  return {
    format: 'tiff', sizeT: size('t'), sizeZ: size('z'), sizeC, rgb: isRgb,
    channelNames: Array.from({ length: sizeC }, (_, i) => (isRgb ? 'RGBA'[i] ?? `S${i}` : `C${i}`)),
    note: `tifffile axes ${axes}`,
    locate: (t, z, c) => {
      const at: Record<Axis, number> = { t, z, c };
      let ifd = 0;
      pageDims.forEach((d, k) => { ifd += at[letter(d)!] * strides[k]; });
      return { ifd: ifd < pageCount ? ifd : -1, sample: sampleAxis ? at[sampleAxis] : 0 };
    },
  };
}
