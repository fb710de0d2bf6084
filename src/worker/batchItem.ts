/**
 * One image of a batch, start to end inside the worker (studio batch, issue #13): decode → segment (the same
 * runSegmentation as a single run) → threshold → 8-connected objects → metrics against the paired mask → the
 * mask PNG and labels TIFF. Nothing is kept afterwards: the image and its probability map are dropped before
 * the call returns, so a batch of 5000 files holds one image at a time (the interactive image and runs in
 * held.ts are left alone). The numbers are those of `npm run segment --masks` on the same file: the same
 * confusion/scores and objectMatch code at the same threshold.
 */
import { StudioError } from '../errors';
import { decodeImage } from '../io/decode';
import { decodeMask } from '../io/decodeMask';
import { encodeGrayPng } from '../io/encodePng';
import { encodeTiff } from '../io/encodeTiff';
import { baseName } from '../batch/pairing';
import type { BatchRow } from '../batch/table';
import { labelComponents } from '../metrics/components';
import { confusion } from '../metrics/confusion';
import { matchObjects } from '../metrics/objectMatch';
import { scores } from '../metrics/scores';
import { truthObjects } from '../metrics/truthLabels';
import { thresholdMask } from '../tiling/threshold';
import type { BatchItemRequest, BatchItemResult, Progress } from './api';
import { nextId } from './held';
import { runSegmentation, type CancelToken } from './run';

export async function batchItem(req: BatchItemRequest, onProgress: (p: Progress) => void, token: CancelToken): Promise<BatchItemResult> {
  const raster = await decodeImage(req.bytes, req.name);
  const img = { ...raster, id: nextId('batch-img'), name: req.name };
  const runId = nextId('batch-run');
  const { summary, run } = await runSegmentation(img, runId, req.options, onProgress, token);
  try {
    const { width, height } = run;
    const bin = thresholdMask(run.prob, req.threshold);
    const { labels, count } = labelComponents(bin, width, height);
    let fg = 0;
    for (let i = 0; i < bin.length; i++) fg += bin[i];
    const row: BatchRow = {
      // the output name, as `npm run segment` writes it in summary.csv
      name: baseName(req.name), plane: 0, width, height, objects: count,
      foregroundFraction: fg / (width * height), meanObjectArea: count ? fg / count : 0,
    };
    if (req.mask) {
      const gt = await decodeMask(req.mask.bytes, req.mask.name);
      if (gt.width !== width || gt.height !== height)
        throw new StudioError('size-mismatch', `Mask “${req.mask.name}” is ${gt.width} × ${gt.height} but “${req.name}” is ${width} × ${height}.`);
      const s = scores(confusion(run.prob, gt.binary, req.threshold));
      const truth = truthObjects(gt);
      const m = matchObjects(labels, truth.labels, count, truth.count, 0.5);
      Object.assign(row, { iou: s.iou, dice: s.dice, f1: m.f1 });
    }
    if (count > 0xffff) throw new StudioError('internal', `“${req.name}” has ${count} objects; a 16-bit label image holds at most 65535. Raise the threshold.`);
    for (let i = 0; i < bin.length; i++) bin[i] *= 255;
    return {
      row, ms: summary.ms, backend: summary.backend.backend,
      maskPng: encodeGrayPng(bin, width, height),
      labelsTiff: encodeTiff(Uint16Array.from(labels), width, height),
    };
  } finally {
    run.gpu?.prob.destroy();
  }
}
