import { describe, expect, it } from 'vitest';
import { augmentedBatch, createRng, FINETUNE_AUGMENT, type TrainPair } from './augment';
import { splitForTraining, splitPairs } from './train';

/** A pair whose image is its own mask (0/1 squares), so any misalignment between the two shows. */
function squares(w: number, h: number): TrainPair {
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mask[y * w + x] = (Math.floor(x / 7) + Math.floor(y / 5)) % 2;
  return { name: 'sq', width: w, height: h, image: Float32Array.from(mask), mask };
}

describe('augmented training crops', () => {
  it('keep image and mask aligned through flips, 90° rotations and elastic deformation', () => {
    const p = squares(90, 70);
    const { x, y } = augmentedBatch([p], 8, 32, createRng(3), { ...FINETUNE_AUGMENT, intensity: 0 });
    let agree = 0;
    for (let i = 0; i < x.length; i++) if ((x[i] > 0.5 ? 1 : 0) === y[i]) agree++;
    expect(agree / x.length).toBeGreaterThan(0.999); // only ties at exactly 0.5 may differ
    expect(new Set(y)).toEqual(new Set([0, 1]));
  });

  it('are seeded: the same seed gives the same batch, another seed another one', () => {
    const p = squares(64, 64);
    const a = augmentedBatch([p], 2, 32, createRng(1), FINETUNE_AUGMENT);
    const b = augmentedBatch([p], 2, 32, createRng(1), FINETUNE_AUGMENT);
    const c = augmentedBatch([p], 2, 32, createRng(2), FINETUNE_AUGMENT);
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
  });

  it('mirror images smaller than the crop', () => {
    const { y } = augmentedBatch([squares(20, 20)], 1, 32, createRng(1), { elasticSigma: 0, flips: false, intensity: 0 });
    expect(y[0 * 32 + 21]).toBe(y[0 * 32 + 17]); // column 21 mirrors column 17 (reflect about 19)
  });

  it('hold out one pair below 7 pairs, else 15 %', () => {
    expect(splitPairs([1, 2, 3]).val).toEqual([3]);
    expect(splitPairs([...Array(20).keys()]).val).toEqual([17, 18, 19]);
    expect(() => splitPairs([1])).toThrow('at least 2 image/mask pairs');
  });

  it('hold out the last quarter of a single pair (along its longer side), a multiple of the tile multiple', () => {
    const p = squares(90, 70);
    const { train, val } = splitForTraining([p], 8);
    expect([train[0].width, train[0].height, val[0].width, val[0].height]).toEqual([70, 74, 70, 16]); // wide: transposed
    expect(val[0].name).toBe('sq [rows 74–89]');
    // transposed, row r of the validation part is column 74 + r of the image
    for (let r = 0; r < 16; r++) for (let c = 0; c < 70; c++) expect(val[0].mask[r * 70 + c]).toBe(p.mask[c * 90 + 74 + r]);
    const tall = squares(40, 128);
    const s = splitForTraining([tall], 16);
    expect([s.train[0].height, s.val[0].height]).toEqual([96, 32]);
    expect(s.train[0].image).toEqual(tall.image.subarray(0, 96 * 40));
    expect(() => splitForTraining([squares(16, 20)], 16)).toThrow('too small');
    expect(() => splitForTraining([], 16)).toThrow('at least one');
    expect(splitForTraining([p, p, squares(8, 8)], 8).val[0].width).toBe(8);
  });
});
