/**
 * An in-memory ImageSource for unit tests of stacks and channels: planes given as [t][z][c] Float32Arrays
 * (or a function of t, z, c), read through the same contract as a decoded file.
 */
import { StudioError } from '../errors';
import { cropPlane } from '../io/openSource';
import type { ImageSource, PixelSize } from '../io/source';

export interface ArraySourceOptions {
  width: number;
  height: number;
  sizeT?: number;
  sizeZ?: number;
  sizeC?: number;
  rgb?: boolean;
  pixelSize?: PixelSize;
  name?: string;
  channelNames?: string[];
}

/** A source whose plane (t, z, c) is `plane(t, z, c)`; 'luminance' is 0.299 R + 0.587 G + 0.114 B for rgb sources. */
export function arraySource(o: ArraySourceOptions, plane: (t: number, z: number, c: number) => Float32Array): ImageSource {
  const { width, height, sizeT = 1, sizeZ = 1, sizeC = 1, rgb = false } = o;
  const read = (t: number, z: number, c: number) => {
    if (t < 0 || t >= sizeT || z < 0 || z >= sizeZ || c < 0 || c >= sizeC) throw new StudioError('internal', `no plane t=${t} z=${z} c=${c}`);
    return plane(t, z, c);
  };
  return {
    name: o.name ?? 'array.tif', format: 'tiff', width, height, sizeT, sizeZ, sizeC, sampleType: 'uint16',
    pixelSize: o.pixelSize, channelNames: o.channelNames ?? Array.from({ length: sizeC }, (_, c) => (rgb ? 'RGB'[c] : `C${c}`)),
    rgb, note: '', levels: [{ width, height, downsample: 1 }],
    readRegion: async (sel, rect) => {
      let data: Float32Array;
      if (sel.c === 'luminance') {
        if (!rgb) throw new StudioError('internal', 'luminance of a non-RGB source');
        const [r, g, b] = [0, 1, 2].map((c) => read(sel.t, sel.z, c));
        data = Float32Array.from(r, (v, i) => 0.299 * v + 0.587 * g[i] + 0.114 * b[i]);
      } else data = read(sel.t, sel.z, sel.c);
      return cropPlane(data, width, height, rect);
    },
  };
}
