/**
 * Ground truth against a streamed run in the worker code path (fixture-tiny-unet on onnxruntime-node, memory
 * spill with a small budget): pixel counts and object F1 tile by tile equal the whole-image metrics computed
 * from the same (uint8) probabilities; a mask of another size is refused and the previous truth stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterSource } from '../io/openSource';
import { encodeTiff } from '../io/encodeTiff';
import { labelComponents } from '../metrics/components';
import { confusion } from '../metrics/confusion';
import { matchObjects } from '../metrics/objectMatch';
import { memorySpill } from '../store/spill';
import { testImage } from '../tiling/testImages';
import { findCard, loadManifest, openModel, type ModelSession } from '../cli/nodeSession';
import { largeRunProb, segmentLargePlane, type LargeRunEnv } from './largeRun';
import { largeMetrics, setLargeTruth } from './largeTruth';
import { holdSource, planeImageId } from './planes';

const W = 600, H = 520;
let m: ModelSession;
const env = (): LargeRunEnv => ({
  card: async () => m.card,
  session: async () => ({ infer: (x, n, T) => m.infer(x, n, T), backend: { backend: 'wasm', adapter: 'onnxruntime-node', software: false, threads: 1, note: 'test' } }),
  spill: async () => memorySpill(),
  spillKind: 'memory',
  budgetBytes: 2 * 512 * 512,
});

beforeAll(async () => {
  m = await openModel(findCard(loadManifest(), 'fixture-tiny-unet'), undefined, { threads: 1 });
});
afterAll(async () => {
  await m.release();
});

describe('largeMetrics (ground truth of a streamed run, tile by tile)', () => {
  it('equals the whole-image pixel and object metrics; a mask of another size is refused, the truth stays', async () => {
    const data = testImage(W, H, 5);
    const imageId = planeImageId(holdSource(rasterSource({ data, width: W, height: H, format: 'tiff', sampleType: 'uint16', note: '' } as never, 'big.tif')).id, { t: 0, z: 0, c: 0 });
    const view = await segmentLargePlane(imageId, { modelId: m.card.id, backend: 'wasm', tile: 64 }, () => undefined, { cancelled: false }, env());
    const prob = largeRunProb(view.runId, { x: 0, y: 0, width: W, height: H });
    const t = (Math.floor(Float32Array.from(prob).sort()[Math.floor(prob.length * 0.85)] * 255) + 0.5) / 255;
    // truth: the prediction's objects without every third one, plus a few discs, as 16-bit instance labels with a gap
    const fg = Uint8Array.from(prob, (p) => (p >= t ? 1 : 0));
    const comps = labelComponents(fg, W, H);
    const truthFg = Uint8Array.from(comps.labels, (l) => (l && l % 3 ? 1 : 0));
    for (const [cx, cy] of [[100, 100], [300, 250], [500, 400]])
      for (let y = cy - 20; y < cy + 20; y++) for (let x = cx - 20; x < cx + 20; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < 400) truthFg[y * W + x] = 1;
    const inst = labelComponents(truthFg, W, H);
    const gtLabels = Uint16Array.from(inst.labels, (l) => (l > 100 ? l + 1000 : l)); // a gap in the labels (compacted on reading)
    const file = new Blob([encodeTiff(gtLabels, W, H) as Uint8Array<ArrayBuffer>]);

    const info = await setLargeTruth(view.runId, file, 'gt.tif', env());
    expect(info).toMatchObject({ objects: inst.count, source: 'instance labels' });
    const got = await largeMetrics(view.runId, t, env());

    const pred = comps;
    const refC = confusion(prob, truthFg, t);
    const refM = matchObjects(pred.labels, inst.labels, pred.count, inst.count);
    expect(refM.tp).toBeGreaterThan(3);
    expect(refM.fp + refM.fn).toBeGreaterThan(0);
    expect(got.confusion).toEqual(refC);
    expect(got.predObjects).toBe(pred.count);
    expect(got.truthObjects).toBe(inst.count);
    expect(got.objectF1).toBeCloseTo(refM.f1, 12);
    expect(got.iou).toBeCloseTo(refC.tp / (refC.tp + refC.fp + refC.fn), 12);

    await expect(setLargeTruth(view.runId, new Blob([encodeTiff(new Uint8Array(10 * 10), 10, 10) as Uint8Array<ArrayBuffer>]), 'small.tif', env())).rejects.toMatchObject({ code: 'size-mismatch' });
    expect((await largeMetrics(view.runId, t, env())).confusion).toEqual(refC);
  }, 120_000);
});
