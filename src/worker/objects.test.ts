import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeTiff } from '../io/encodeTiff';
import { ab } from '../io/testBytes';
import { measureObjects } from '../measure/regionprops';
import { images, runs, type HeldImage, type HeldRun } from './held';
import { exportObjects, objectOutline, objectsTable } from './objects';
import { openTruth } from './truth';

// 6×4: the prediction (prob ≥ 0.5) has a 2×2 object and a diagonal pair (one 8-connected object); the GT is an
// instance label image with labels 5 and 9.
const w = 6, h = 4;
const fg = [
  1, 1, 0, 0, 0, 0,
  1, 1, 0, 0, 1, 0,
  0, 0, 0, 0, 0, 1,
  0, 0, 0, 0, 0, 0,
];
const truth = Uint16Array.from([
  5, 5, 0, 0, 0, 0,
  5, 5, 0, 9, 9, 0,
  0, 0, 0, 9, 9, 0,
  0, 0, 0, 0, 0, 0,
]);
const raw = Float32Array.from({ length: w * h }, (_, i) => i * 10);
const img: HeldImage = { id: 'img-o', sourceId: 'src-o', plane: { t: 0, z: 0, c: 0 }, name: 'c.png', width: w, height: h, data: raw, sampleType: 'uint8', format: 'png', note: '' };
const run: HeldRun = { id: 'run-o', imageId: img.id, imageName: img.name, modelId: 'm', width: w, height: h, prob: Float32Array.from(fg, (v) => (v ? 0.9 : 0.1)) };
images.put(img.id, img);
runs.put(run.id, run);

describe('objects in the worker', () => {
  it('measures the prediction\'s 8-connected objects against the raw image', async () => {
    const v = await objectsTable(run.id, 0.5);
    expect(v).toMatchObject({ runId: run.id, threshold: 0.5, source: 'prediction', withIntensity: true });
    expect(v.rows.map((r) => [r.label, r.area, r.intensityMean])).toEqual([[1, 4, 35], [2, 2, 135]]);
    const outline = objectOutline(run.id, 0.5, 2, v.rows[1].bbox);
    expect(outline).toHaveLength(2); // diagonal pixels: two polygons touching at a corner
  });

  it('measures and exports the ground truth\'s objects (numbered 1..n in the order of the mask\'s labels, as the metrics count them)', async () => {
    await openTruth(img, ab(encodeTiff(truth, w, h)), 'gt.tif', false);
    const v = await objectsTable(run.id, 0.5, 'truth');
    const renumbered = Uint32Array.from(truth, (l) => (l === 5 ? 1 : l === 9 ? 2 : 0));
    expect(v.rows).toEqual(measureObjects({ labels: renumbered, width: w, height: h }, raw));
    expect(v.rows.map((r) => r.area)).toEqual([4, 4]);
    const zip = unzipSync(await exportObjects(run.id, 0.5, 'roi', { minArea: 1 }, 'truth'));
    expect(Object.keys(zip)).toEqual(['1.roi', '2.roi']);
    const csv = new TextDecoder().decode(await exportObjects(run.id, 0.5, 'csv', { excludeBorder: true }, 'truth'));
    expect(csv.trim().split('\n').map((l) => l.split(',')[0])).toEqual(['label', '2']);
  });
});
