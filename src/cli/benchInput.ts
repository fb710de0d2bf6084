/**
 * The bench's input image: ISBI 2012 EM slices 00–15 (512² 8-bit PNGs, the training slices of the studio's
 * em-unet) read from the shared dataset folder and laid out 4×4 into one 2048² mosaic in memory.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildMosaic, type Gray } from '../bench/mosaic';
import { decodeImage } from '../io/decode';
import { readArrayBuffer } from './dataset';

export const MOSAIC_SLICES = Array.from({ length: 16 }, (_, k) => String(k).padStart(2, '0'));

/** Decode the 16 slices under `<dataRoot>/isbi2012_em/images/` with the studio's decoder and tile them 4×4. */
export async function loadEmMosaic(dataRoot: string): Promise<Gray & { description: string }> {
  const dir = join(dataRoot, 'isbi2012_em', 'images');
  if (!existsSync(dir)) throw new Error(`no ISBI 2012 EM images at ${resolve(dir)} (set SEGSTUDIO_DATA or --data to the datasets folder)`);
  const parts: Gray[] = [];
  for (const name of MOSAIC_SLICES) {
    const path = join(dir, `${name}.png`);
    if (!existsSync(path)) throw new Error(`missing EM slice ${resolve(path)}`);
    const r = await decodeImage(readArrayBuffer(path), path);
    if (r.sampleType !== 'uint8') throw new Error(`${path}: expected an 8-bit slice, got ${r.sampleType}`);
    parts.push(r);
  }
  const m = buildMosaic(parts, 4);
  return { ...m, description: `ISBI 2012 EM slices ${MOSAIC_SLICES[0]}–${MOSAIC_SLICES.at(-1)}, 4×4 mosaic of ${parts[0].width}² → ${m.width}×${m.height}` };
}

/** The same 4×4 mosaic of the slices' ground-truth masks (`masks/NN.png`, 255 = cell interior), for the bench's IoU. */
export async function loadEmTruthMosaic(dataRoot: string): Promise<Gray> {
  const parts: Gray[] = [];
  for (const name of MOSAIC_SLICES) {
    const path = join(dataRoot, 'isbi2012_em', 'masks', `${name}.png`);
    if (!existsSync(path)) throw new Error(`missing EM mask ${resolve(path)}`);
    parts.push(await decodeImage(readArrayBuffer(path), path));
  }
  return buildMosaic(parts, 4);
}
