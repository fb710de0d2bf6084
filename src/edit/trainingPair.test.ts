import { decode as decodePng } from 'fast-png';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { buildTrainingPair, pairBaseName, trainingZip, uniqueName } from './trainingPair';

const w = 5, h = 3;
const mask = Uint32Array.from([0, 3, 3, 0, 0, 0, 3, 0, 7, 7, 0, 0, 0, 0, 1]);

describe('training pairs', () => {
  it('8-bit and 16-bit images keep their values as PNG; the mask is 0/255', () => {
    const d8 = Float32Array.from({ length: w * h }, (_, i) => i * 10);
    const p8 = buildTrainingPair('a', d8, 'uint8', mask, w, h);
    expect(p8.imageFile).toBe('a.png');
    expect(Array.from(decodePng(p8.image).data)).toEqual(Array.from(d8));
    const m = decodePng(p8.mask);
    expect(m.depth).toBe(8);
    expect(Array.from(m.data)).toEqual(Array.from(mask, (v) => (v ? 255 : 0)));
    expect(p8.foregroundPixels).toBe(6);
    const d16 = Float32Array.from({ length: w * h }, (_, i) => 1000 + i * 4000);
    const p16 = decodePng(buildTrainingPair('b', d16, 'uint16', mask, w, h).image);
    expect(p16.depth).toBe(16);
    expect(Array.from(p16.data)).toEqual(Array.from(d16));
  });

  it('other sample types become a float TIFF that the studio reads back unchanged', async () => {
    const d = Float32Array.from({ length: w * h }, (_, i) => i / 7 - 1);
    const p = buildTrainingPair('c', d, 'float32', mask, w, h);
    expect(p.imageFile).toBe('c.tif');
    const r = await decodeImage(p.image.slice().buffer, 'c.tif');
    expect(Array.from(r.data)).toEqual(Array.from(d));
  });

  it('refuses a mask of another size', () => {
    expect(() => buildTrainingPair('x', new Float32Array(15), 'uint8', new Uint8Array(14), w, h)).toThrow(/expected 5×3/);
  });

  it('zips images/ and masks/ with matching base names', () => {
    const d = new Float32Array(w * h);
    const z = unzipSync(trainingZip([buildTrainingPair('a', d, 'uint8', mask, w, h), buildTrainingPair('b', d, 'float32', mask, w, h)]));
    expect(Object.keys(z).sort()).toEqual(['README.txt', 'images/a.png', 'images/b.tif', 'masks/a.png', 'masks/b.png']);
    expect(Array.from(decodePng(z['masks/b.png']).data).filter((v) => v === 255).length).toBe(6);
  });

  it('names: safe stems, unique with a suffix', () => {
    expect(pairBaseName('my cells (1).ome.tif')).toBe('my_cells_1_.ome');
    expect(pairBaseName('.tif')).toBe('image');
    expect(uniqueName('a', ['a', 'a_2'])).toBe('a_3');
    expect(uniqueName('b', ['a'])).toBe('b');
  });
});
