/**
 * The evaluation path shared by `npm run eval`, the manifest metrics writer and the tests. It uses the studio's
 * own modules end to end: decodeImage/decodeMask → normalize (card) → segmentTiled (card's tile/halo/blend,
 * onnxruntime-node) → confusion/scores at the threshold. Per-image scores; means are over images.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../io/decode';
import { decodeMask } from '../io/decodeMask';
import { encodeGrayPng } from '../io/encodePng';
import { confusion } from '../metrics/confusion';
import { scores } from '../metrics/scores';
import type { ModelCard } from '../models/manifest';
import { normalize } from '../tiling/normalize';
import { runTiling } from '../tiling/runTiling';
import { segmentTiled } from '../tiling/segmentTiled';
import { thresholdMask } from '../tiling/threshold';
import { readArrayBuffer, type Pair } from './dataset';
import type { ModelSession } from './nodeSession';

export interface ImageScore {
  name: string;
  iou: number;
  dice: number;
}

export interface EvalResult {
  model: string;
  threshold: number;
  images: ImageScore[];
  mean: { iou: number; dice: number };
}

export interface EvalOptions {
  threshold?: number;
  /** Tiles per session.run (default 16). */
  batch?: number;
  /** Write each predicted mask as an 8-bit 0/255 PNG named <name>.png here. */
  outDir?: string;
  onImage?: (s: ImageScore, index: number, total: number) => void;
}

/** Probability map of one raw image by the card's normalisation and tiling. */
export async function predict(model: ModelSession, raw: { data: Float32Array; width: number; height: number }, batch = 16): Promise<Float32Array> {
  const card: ModelCard = model.card;
  const norm = normalize(raw, card.input.normalization);
  // The studio's rule (tiling/runTiling.ts): the card's tile below 1 MP, the least wasteful one above; the batch
  // keeps its pixel count, so a bigger tile does not multiply the model's working memory.
  const t = runTiling(card, { width: raw.width, height: raw.height });
  const b = card.input.batch ?? Math.max(1, Math.floor((batch * card.tiling.tile ** 2) / t.tile ** 2));
  const { prob } = await segmentTiled(norm, raw.width, raw.height, { ...t, batch: b }, model.infer);
  return prob;
}

/** A pair's image (raw values) and mask, decoded from their files; throws when their sizes differ. */
export async function decodePair(p: Pair) {
  const raw = await decodeImage(readArrayBuffer(p.image), p.image);
  const gt = await decodeMask(readArrayBuffer(p.mask), p.mask);
  if (gt.width !== raw.width || gt.height !== raw.height)
    throw new Error(`${p.name}: image is ${raw.width}×${raw.height} but its mask is ${gt.width}×${gt.height} (${p.mask})`);
  return { raw, gt };
}

export async function evaluatePairs(model: ModelSession, pairs: Pair[], opts: EvalOptions = {}): Promise<EvalResult> {
  const t = opts.threshold ?? model.card.threshold;
  if (!(t >= 0 && t <= 1)) throw new Error(`threshold must lie in [0, 1], got ${t}`);
  if (opts.outDir) mkdirSync(opts.outDir, { recursive: true });
  const images: ImageScore[] = [];
  for (const [i, p] of pairs.entries()) {
    const { raw, gt } = await decodePair(p);
    const prob = await predict(model, raw, opts.batch);
    const s = scores(confusion(prob, gt.binary, t));
    const row = { name: p.name, iou: s.iou, dice: s.dice };
    images.push(row);
    if (opts.outDir) {
      const m = thresholdMask(prob, t);
      for (let k = 0; k < m.length; k++) m[k] = m[k] ? 255 : 0;
      writeFileSync(join(opts.outDir, `${p.name}.png`), encodeGrayPng(m, raw.width, raw.height));
    }
    opts.onImage?.(row, i, pairs.length);
  }
  const mean = (k: 'iou' | 'dice') => images.reduce((a, r) => a + r[k], 0) / images.length;
  return { model: model.card.id, threshold: t, images, mean: { iou: mean('iou'), dice: mean('dice') } };
}

export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
