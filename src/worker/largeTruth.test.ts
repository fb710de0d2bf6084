/**
 * Ground truth against a streamed run in the worker code path (fixture-tiny-unet on onnxruntime-node, memory
 * spill with a small budget): pixel counts and object F1 tile by tile equal the whole-image metrics computed
 * from the same (uint8) probabilities; a mask of another size is refused and the previous truth stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTiff } from '../io/encodeTiff';
import { labelComponents } from '../metrics/components';
import { confusion } from '../metrics/confusion';
import { matchObjects } from '../metrics/objectMatch';
import { scores } from '../metrics/scores';
import { segMeasure } from '../metrics/segMeasure';
import { thresholdSweep } from '../metrics/thresholdSweep';
import { testImage } from '../tiling/testImages';
import { findCard, loadManifest, openModel, type ModelSession } from '../cli/nodeSession';
import { largeRunCounts, largeRunProb, segmentLargePlane } from './largeRun';
import { largeMetrics, setLargeTruth } from './largeTruth';
import type { AnalysisProgress } from './largePace';
import { holdTestPlane, testLargeEnv } from './largeTestEnv';

const W = 600, H = 520;
let m: ModelSession;
const env = () => testLargeEnv(m.card, (x, n, T) => m.infer(x, n, T), { adapter: 'onnxruntime-node' });

beforeAll(async () => {
  m = await openModel(findCard(loadManifest(), 'fixture-tiny-unet'), undefined, { threads: 1 });
});
afterAll(async () => {
  await m.release();
});

describe('largeMetrics (ground truth of a streamed run, tile by tile)', () => {
  it('equals the whole-image pixel and object metrics; a mask of another size is refused, the truth stays', async () => {
    const data = testImage(W, H, 5);
    const imageId = holdTestPlane(data, W, H, 'big.tif');
    // the truth may come before the run: it belongs to the image
    const tiny = new Blob([encodeTiff(new Uint8Array(W * H), W, H) as Uint8Array<ArrayBuffer>]);
    expect(await setLargeTruth(imageId, tiny, 'empty.tif', false, undefined, env())).toMatchObject({ objects: 0, foregroundPixels: 0 });
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

    const progress: AnalysisProgress[] = [];
    const info = await setLargeTruth(imageId, file, 'gt.tif', false, (p) => progress.push(p), env());
    expect(info).toMatchObject({ objects: inst.count, source: 'instance labels', width: W, height: H });
    expect(progress.at(-1)).toMatchObject({ stage: 'truth' });
    const got = await largeMetrics(view.runId, t, (p) => progress.push(p), env());
    expect(progress.at(-1)).toMatchObject({ stage: 'metrics' });
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);

    // the whole-image metrics of the same (uint8) probabilities: evaluate.ts pixelMetrics / objectMetrics / thresholdSweep
    const pred = comps;
    const refC = confusion(prob, truthFg, t);
    const refM = matchObjects(pred.labels, inst.labels, pred.count, inst.count);
    expect(refM.tp).toBeGreaterThan(3);
    expect(refM.fp + refM.fn).toBeGreaterThan(0);
    const { tp, fp, fn, tn } = got.pixel;
    expect({ tp, fp, fn, tn }).toEqual(refC);
    expect(got.pixel).toMatchObject(scores(refC));
    expect(got.objects).toMatchObject({ ...refM, iouThreshold: 0.5, truthObjects: 'instance labels' });
    expect(got.objects.seg).toBeCloseTo(segMeasure(pred.labels, inst.labels, pred.count, inst.count).seg, 12);
    const sweep = thresholdSweep(prob, truthFg);
    expect(Array.from(got.sweep.iou)).toEqual(Array.from(sweep.iou));
    expect(got.sweep.best).toEqual(sweep.best);
    expect(got).toMatchObject({ runId: view.runId, truthName: 'gt.tif', imageName: 'big.tif', width: W, height: H, threshold: t, device: 'cpu' });
    // the Info panel's counts at this threshold come with the metrics
    expect(await largeRunCounts(view.runId, t)).toEqual({ foregroundPixels: refC.tp + refC.fp, objects: pred.count });

    // a mask of another size is refused and the truth stays
    await expect(setLargeTruth(imageId, new Blob([encodeTiff(new Uint8Array(10 * 10), 10, 10) as Uint8Array<ArrayBuffer>]), 'small.tif', false, undefined, env())).rejects.toMatchObject({ code: 'size-mismatch' });
    expect((await largeMetrics(view.runId, t, undefined, env())).pixel.tp).toBe(refC.tp);

    // "Invert mask": a binary mask stored as 0 = foreground, 255 = background gives the same truth as a binary mask
    const inverted = Uint8Array.from(truthFg, (v) => (v ? 0 : 255));
    const binInfo = await setLargeTruth(imageId, new Blob([encodeTiff(inverted, W, H) as Uint8Array<ArrayBuffer>]), 'inv.tif', true, undefined, env());
    const binComps = labelComponents(truthFg, W, H);
    expect(binInfo).toMatchObject({ objects: binComps.count, source: 'connected components', invert: true, foregroundPixels: refC.tp + refC.fn });
    const inv = await largeMetrics(view.runId, t, undefined, env());
    expect(inv.pixel.tp).toBe(refC.tp);
    expect(inv.objects).toMatchObject(matchObjects(pred.labels, binComps.labels, pred.count, binComps.count));
  }, 120_000);
});
