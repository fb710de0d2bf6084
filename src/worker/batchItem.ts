/**
 * One file of a batch, start to end inside the worker (studio batch, issue #13): open it as an ImageSource →
 * every Z/T plane of its default channel (luminance for RGB, else channel 0: `npm run segment`'s defaults) →
 * segment (the same runSegmentation as a single run) → threshold → 8-connected objects → metrics against the
 * paired mask (single-plane images) → the labels as 16-bit OME-TIFF (one page per plane, with the pixel size,
 * as the CLI writes `<name>.labels.tif`) and, for one plane, the 0/255 mask PNG. Nothing is kept afterwards: the
 * planes and probability maps are dropped before the call returns (one plane's map at a time), so a batch of
 * 5000 files never grows the worker; the interactive image and runs in held.ts are left alone. The numbers are
 * those of `npm run segment --masks` on the same file: the same confusion/scores and objectMatch code.
 */
import { StudioError } from '../errors';
import { baseName } from '../batch/pairing';
import type { BatchRow } from '../batch/table';
import { decodeMask } from '../io/decodeMask';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { encodeGrayPng } from '../io/encodePng';
import { openSource } from '../io/openSource';
import { defaultChannel, stackPlanes } from '../io/source';
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
  const src = await openSource(req.bytes, req.name);
  const planes = stackPlanes(src, defaultChannel(src));
  const name = baseName(req.name); // the output name, as `npm run segment` writes it in summary.csv
  const gt = req.mask ? await decodeMask(req.mask.bytes, req.mask.name) : undefined;
  if (gt && (gt.width !== src.width || gt.height !== src.height))
    throw new StudioError('size-mismatch', `Mask “${req.mask!.name}” is ${gt.width} × ${gt.height} but “${req.name}” is ${src.width} × ${src.height}.`);
  const rows: BatchRow[] = [];
  const labelPlanes: Uint16Array[] = [];
  let maskPng: Uint8Array | undefined;
  let ms = 0, backend: BatchItemResult['backend'] = 'wasm';
  for (const [k, plane] of planes.entries()) {
    const data = await src.readRegion(plane);
    const img = { id: nextId('batch-img'), name: req.name, sourceId: '', plane, pixelSize: src.pixelSize, data, width: src.width, height: src.height, sampleType: src.sampleType, format: src.format, note: src.note };
    const { summary, run } = await runSegmentation(img, nextId('batch-run'), req.options, onProgress, token);
    ms += summary.ms;
    backend = summary.backend.backend;
    try {
      const { width, height } = run;
      const bin = thresholdMask(run.prob, req.threshold);
      const { labels, count } = labelComponents(bin, width, height);
      if (count > 0xffff) throw new StudioError('internal', `“${req.name}” plane ${k} has ${count} objects; a 16-bit label image holds at most 65535. Raise the threshold.`);
      let fg = 0;
      for (let i = 0; i < bin.length; i++) fg += bin[i];
      const row: BatchRow = { name, plane: k, width, height, objects: count, foregroundFraction: fg / (width * height), meanObjectArea: count ? fg / count : 0 };
      if (gt && planes.length === 1) { // a mask file pairs with a single-plane image
        const s = scores(confusion(run.prob, gt.binary, req.threshold));
        const truth = truthObjects(gt);
        Object.assign(row, { iou: s.iou, dice: s.dice, f1: matchObjects(labels, truth.labels, count, truth.count, 0.5).f1 });
      }
      rows.push(row);
      labelPlanes.push(Uint16Array.from(labels));
      if (planes.length === 1) {
        for (let i = 0; i < bin.length; i++) bin[i] *= 255;
        maskPng = encodeGrayPng(bin, width, height);
      }
    } finally {
      run.gpu?.prob.destroy();
    }
  }
  const labelsTiff = encodeOmeTiff({ width: src.width, height: src.height, planes: labelPlanes, sizeZ: src.sizeZ, sizeT: src.sizeT, pixelSize: src.pixelSize, name: `${name}.labels` });
  src.close?.();
  return { rows, ms, backend, labelsTiff, ...(maskPng ? { maskPng } : {}) };
}
