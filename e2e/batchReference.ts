/**
 * Node reference of one batch row (the studio's numbers must equal it): onnxruntime-node + the same tiling
 * (reference.ts), then threshold → 8-connected components → pixel IoU/Dice and object F1 at IoU ≥ 0.5.
 */
import { decodeMask } from '../src/io/decodeMask';
import { labelComponents } from '../src/metrics/components';
import { confusion } from '../src/metrics/confusion';
import { matchObjects } from '../src/metrics/objectMatch';
import { scores } from '../src/metrics/scores';
import { truthObjects } from '../src/metrics/truthLabels';
import { thresholdMask } from '../src/tiling/threshold';
import { referenceProb } from './reference';

export interface RefRow {
  name: string;
  objects: number;
  foregroundFraction: number;
  iou?: number;
  dice?: number;
  f1?: number;
  mask: Uint8Array;
}

const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export async function batchReference(img: { name: string; buffer: Buffer }, mask: { name: string; buffer: Buffer } | undefined, modelId: string): Promise<RefRow> {
  const ref = await referenceProb(new Uint8Array(img.buffer), img.name, modelId);
  const bin = thresholdMask(ref.prob, ref.threshold);
  const { labels, count } = labelComponents(bin, ref.width, ref.height);
  let fg = 0;
  for (let i = 0; i < bin.length; i++) fg += bin[i];
  const row: RefRow = { name: img.name, objects: count, foregroundFraction: fg / bin.length, mask: bin };
  if (mask) {
    const gt = await decodeMask(ab(mask.buffer), mask.name);
    const s = scores(confusion(ref.prob, gt.binary, ref.threshold));
    const t = truthObjects(gt);
    Object.assign(row, { iou: s.iou, dice: s.dice, f1: matchObjects(labels, t.labels, count, t.count, 0.5).f1 });
  }
  return row;
}
