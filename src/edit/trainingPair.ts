/**
 * Training pairs from a corrected mask, in the folder layout `training/train.py --dataset folder` reads
 * (training/folder_data.py): `images/NAME.{png,tif}` and `masks/NAME.png`, the same base name, the mask 0/255.
 * The image keeps its values: 8-bit → 8-bit PNG, 16-bit → 16-bit PNG, anything else → 32-bit float TIFF
 * (PIL, which folder_data uses, reads all three). Pure: the worker builds the files, the page stores and zips.
 */
import { zipSync } from 'fflate';
import { encode as encodePng } from 'fast-png';
import { StudioError } from '../errors';
import { encodeGrayPng } from '../io/encodePng';
import { encodeTiff } from '../io/encodeTiff';
import type { SampleType } from '../io/types';

/** One image + mask pair, ready to store and to zip. */
export interface TrainingPair {
  /** Base name shared by both files (no extension). */
  name: string;
  /** File name under images/ (NAME.png or NAME.tif). */
  imageFile: string;
  image: Uint8Array;
  /** File name under masks/ (NAME.png). */
  maskFile: string;
  mask: Uint8Array;
  width: number;
  height: number;
  foregroundPixels: number;
}

/** "cells 01.tif" → "cells_01": a base name any file system and folder_data's stem matching accept. */
export function pairBaseName(imageName: string): string {
  const stem = imageName.replace(/\.[^./\\]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '');
  return stem || 'image';
}

/**
 * The pair's files. `mask`: non-zero = foreground (a label image works too), width×height row-major;
 * `data`: the image's raw values (io/types Raster).
 */
export function buildTrainingPair(name: string, data: Float32Array, sampleType: SampleType, mask: ArrayLike<number>, width: number, height: number): TrainingPair {
  const n = width * height;
  if (data.length !== n || mask.length !== n) {
    throw new StudioError('size-mismatch', `Training pair “${name}”: image has ${data.length} pixels and mask ${mask.length}, expected ${width}×${height}.`);
  }
  const bytes = new Uint8Array(n);
  let foregroundPixels = 0;
  for (let i = 0; i < n; i++) if (mask[i] !== 0) { bytes[i] = 255; foregroundPixels++; }
  let image: Uint8Array, imageFile: string;
  if (sampleType === 'uint8') {
    image = encodeGrayPng(Uint8Array.from(data), width, height);
    imageFile = `${name}.png`;
  } else if (sampleType === 'uint16') {
    image = encodePng({ width, height, data: Uint16Array.from(data), depth: 16, channels: 1 });
    imageFile = `${name}.png`;
  } else {
    image = encodeTiff(data, width, height);
    imageFile = `${name}.tif`;
  }
  return { name, imageFile, image, maskFile: `${name}.png`, mask: encodeGrayPng(bytes, width, height), width, height, foregroundPixels };
}

/** A name not yet in `taken`: "cells", then "cells_2", "cells_3", … */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let k = 2; ; k++) if (!used.has(`${base}_${k}`)) return `${base}_${k}`;
}

const README = `Training pairs corrected in Segmentation Studio.

images/NAME.(png|tif)  the image, original values (8/16-bit PNG, or 32-bit float TIFF)
masks/NAME.png         its corrected mask, 0 = background, 255 = foreground

Train or fine-tune on them (see training/README.md):
  python3 training/train.py --dataset folder --data-dir THIS_FOLDER --test-dir HELD_OUT_FOLDER --out runs/mine
`;

/** The pairs as one zip in the images/ + masks/ layout (PNG/TIFF stored, not deflated again). */
export function trainingZip(pairs: TrainingPair[]): Uint8Array {
  const names = new Set<string>();
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const p of pairs) {
    if (names.has(p.name)) throw new StudioError('internal', `Two training pairs are named “${p.name}”.`);
    names.add(p.name);
    files[`images/${p.imageFile}`] = [p.image, { level: 0 }];
    files[`masks/${p.maskFile}`] = [p.mask, { level: 0 }];
  }
  return zipSync({ ...files, 'README.txt': [new TextEncoder().encode(README), { level: 0 }] });
}
