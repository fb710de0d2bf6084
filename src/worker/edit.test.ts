import { decode as decodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeMask } from '../io/decodeMask';
import { DIFF_COLORS } from '../metrics/diffMap';
import { applyEdit, editTrainingPair, editedLabelsTiff, editedMaskPng, redoEdit, renderEdit, startEdit, undoEdit, useEditAsTruth } from './edit';
import type { HeldImage, HeldRun } from './held';
import { runMetrics } from './truth';

// 12×6: two 3×3 cells of the network's mask (prob 0.9) on a 0.1 background.
const w = 12, h = 6;
const prob = new Float32Array(w * h).fill(0.1);
for (const x0 of [1, 7]) for (let y = 1; y < 4; y++) for (let x = x0; x < x0 + 3; x++) prob[y * w + x] = 0.9;
const img: HeldImage = { id: 'img-e', name: 'cells 1.png', width: w, height: h, data: Float32Array.from({ length: w * h }, (_, i) => i), sampleType: 'uint8', format: 'png', note: '', sourceId: 'img-e', plane: { t: 0, z: 0, c: 0 } };
const run: HeldRun = { id: 'run-e', imageId: img.id, imageName: img.name, modelId: 'm', width: w, height: h, prob };

describe('mask correction in the worker', () => {
  it('starts from the thresholded mask, sends back only the touched tiles, undoes and redoes exactly', () => {
    const s = startEdit(run, img, 0.5, 'objects');
    expect([s.foregroundPixels, s.objects]).toEqual([18, 2]);
    expect(s.rgba.length).toBe(w * h * 4);
    const e = applyEdit(s.editId, { kind: 'erase', points: [0, 2.5, 12, 2.5], radius: 0.5 }, 'objects');
    expect(e.foregroundPixels).toBe(12);
    expect(e.rect).toEqual({ x: 0, y: 0, width: w, height: h }); // one 256² tile covers this image
    expect(e.rgba!.length).toBe(e.rect!.width * e.rect!.height * 4);
    expect(undoEdit(s.editId, 'objects').foregroundPixels).toBe(18);
    expect(redoEdit(s.editId, 'objects').foregroundPixels).toBe(12);
    const merged = applyEdit(s.editId, { kind: 'merge', ax: 2, ay: 1.5, bx: 8, by: 1.5 }, 'objects');
    expect(merged.objects).toBe(1);
    // Difference from the network: the erased row is orange (network only), 6 px.
    const d = renderEdit(s.editId, 'diff').rgba!;
    const count = (rgb: readonly number[]) => Array.from({ length: w * h }, (_, i) => i).filter((i) => d[4 * i] === rgb[0] && d[4 * i + 1] === rgb[1] && d[4 * i + 2] === rgb[2] && d[4 * i + 3] === 255).length;
    expect(count(DIFF_COLORS.onlyA.rgb)).toBe(6);
    expect(count(DIFF_COLORS.both.rgb)).toBe(12);
  });

  it('exports the corrected mask and labels, and makes them the ground truth', async () => {
    const s = startEdit(run, img, 0.5, 'objects');
    applyEdit(s.editId, { kind: 'delete', x: 8.5, y: 2.5 }, 'objects');
    const png = decodePng(editedMaskPng(s.editId));
    expect(Array.from(png.data).filter((v) => v === 255).length).toBe(9);
    const labels = await decodeMask(editedLabelsTiff(s.editId).slice().buffer, 'l.tif', false);
    expect(labels.binary.reduce((a, b) => a + b, 0)).toBe(9);
    const { info, name } = await useEditAsTruth(s.editId);
    expect(name).toBe('cells_1_corrected.tif');
    expect([info.objects, info.foregroundPixels]).toEqual([1, 9]);
    // The network found a second cell the person deleted: one FP object against the corrected truth.
    const m = runMetrics(run, 0.5);
    expect([m.pixel.tp, m.pixel.fp, m.pixel.fn]).toEqual([9, 9, 0]);
    expect(m.objects).toMatchObject({ tp: 1, fp: 1, fn: 0 });
  });

  it('builds a training pair from the image and the corrected layer', () => {
    const s = startEdit(run, img, 0.5, 'objects');
    applyEdit(s.editId, { kind: 'brush', points: [5.5, 5.5], radius: 0.5 }, 'objects');
    const p = editTrainingPair(s.editId, 'cells_1');
    expect([p.imageFile, p.maskFile, p.foregroundPixels]).toEqual(['cells_1.png', 'cells_1.png', 19]);
    expect(Array.from(decodePng(p.image).data)).toEqual(Array.from(img.data));
    expect(decodePng(p.mask).data[5 * w + 5]).toBe(255);
  });
});
