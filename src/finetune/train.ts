/**
 * The fine-tuning loop, shared by the worker (finetune.worker.ts) and `npm run finetune`: split off validation
 * pairs (or part of a single pair), train the tfjs rebuild of an ONNX U-Net with augmented crops, BCE + soft Dice and Adam, measure the
 * validation IoU every K steps (and before the first step: the base model's), keep the best weights, report
 * progress, and honour pause / stop (finish now, keep the best) / cancel between steps. The base model's own
 * weights count as a candidate, so fine-tuning never returns a model that validates worse than its base
 * (`keep: 'last'` returns the last step's weights instead: how the tests prove the training itself is sound).
 */
import { augmentedBatch, createRng, FINETUNE_AUGMENT, type AugmentOptions, type TrainPair } from './augment';
import { makeAdam, RelativeAdam, trainStep } from './loss';
import type { OnnxModel } from './onnxModel';
import { buildTfGraph, type TfGraph } from './tfGraph';
import * as tf from './tf';

export interface FinetuneOptions {
  steps: number;
  batch: number;
  /** Training crop size (a multiple of the model's 2^depth). */
  crop: number;
  /** Adam step: relative to each weight tensor's RMS ('relative', loss.ts RelativeAdam) or absolute. */
  lr: number;
  lrMode: 'relative' | 'absolute';
  /** Which weights are returned: the best on validation (the base's count too), or the last step's. */
  keep: 'best' | 'last';
  /** Validation every this many steps (and at the end). */
  valEvery: number;
  augment: AugmentOptions;
  seed: number;
  /** Foreground threshold on the sigmoid output for the validation IoU. */
  threshold: number;
  /** Validation images are scored on their centre, at most this many pixels a side (bounds memory). */
  valMaxSide: number;
}

export const FINETUNE_DEFAULTS: FinetuneOptions = {
  steps: 300, batch: 4, crop: 256, lr: 1e-3, lrMode: 'relative', keep: 'best', valEvery: 25, augment: FINETUNE_AUGMENT, seed: 1, threshold: 0.5, valMaxSide: 512,
};

export interface Progress {
  step: number;
  steps: number;
  loss?: number;
  /** Set on validation steps. */
  valIou?: number;
  bestIou: number;
  bestStep: number;
  stepsPerSecond: number;
}

export interface Control {
  paused(): boolean;
  /** 'stop': finish now and keep the best weights; 'cancel': throw away. */
  requested(): 'stop' | 'cancel' | undefined;
}

export interface FinetuneResult {
  weights: Map<string, Float32Array>;
  baseIou: number;
  bestIou: number;
  bestStep: number;
  stepsDone: number;
  losses: { step: number; loss: number }[];
  validation: { step: number; iou: number }[];
  train: string[];
  val: string[];
  seconds: number;
  stopped: boolean;
}

export class FinetuneCancelled extends Error {
  constructor() { super('fine-tuning cancelled'); }
}

/** Validation pairs: one when there are fewer than 7, else 15 % (rounded), taken from the end of the list. */
export function splitPairs<T>(pairs: readonly T[]): { train: T[]; val: T[] } {
  if (pairs.length < 2) throw new Error(`splitPairs needs at least 2 image/mask pairs (one is held out for validation); got ${pairs.length}`);
  const k = pairs.length < 7 ? 1 : Math.max(1, Math.round(pairs.length * 0.15));
  return { train: pairs.slice(0, pairs.length - k), val: pairs.slice(pairs.length - k) };
}

/** Rows [y0, y1) of a pair, as a pair of its own named after the rows it holds. */
function rows(p: TrainPair, y0: number, y1: number): TrainPair {
  const w = p.width;
  return { name: `${p.name} [rows ${y0}–${y1 - 1}]`, width: w, height: y1 - y0, image: p.image.slice(y0 * w, y1 * w), mask: p.mask.slice(y0 * w, y1 * w) };
}

/** The transpose of a pair (so a wide image can be cut along its longer side by `rows`). */
function transpose(p: TrainPair): TrainPair {
  const { width: w, height: h } = p;
  const image = new Float32Array(w * h), mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { image[x * h + y] = p.image[y * w + x]; mask[x * h + y] = p.mask[y * w + x]; }
  return { name: p.name, width: h, height: w, image, mask };
}

/**
 * Training and validation pairs. Two or more pairs: `splitPairs`. A single pair (one corrected image is a
 * common start): its last quarter along the longer side (a multiple of `mult`, at least `mult`) validates and
 * the rest trains, so even one correction can be fine-tuned on with an honest held-out score. Wide images are
 * cut in their transposed form, which the fully convolutional U-Net and the rotation augmentation do not mind.
 */
export function splitForTraining(pairs: readonly TrainPair[], mult: number): { train: TrainPair[]; val: TrainPair[] } {
  if (!pairs.length) throw new Error('fine-tuning needs at least one image/mask pair');
  if (pairs.length !== 1) return splitPairs(pairs);
  const p = pairs[0].width > pairs[0].height ? transpose(pairs[0]) : pairs[0];
  const valRows = Math.max(mult, Math.floor(p.height / 4 / mult) * mult);
  if (p.height - valRows < mult) throw new Error(`${p.name} (${pairs[0].width}×${pairs[0].height}) is too small to hold out part of it for validation; add a second pair`);
  return { train: [rows(p, 0, p.height - valRows)], val: [rows(p, p.height - valRows, p.height)] };
}

/** Centre region of a pair, cut to at most `side`, rounded down to a multiple of `mult`. */
function centre(p: TrainPair, side: number, mult: number): { x: Float32Array; m: Uint8Array; w: number; h: number } {
  const w = Math.floor(Math.min(p.width, side) / mult) * mult, h = Math.floor(Math.min(p.height, side) / mult) * mult;
  if (w < mult || h < mult) throw new Error(`validation image ${p.name} is smaller than ${mult}×${mult}`);
  const oy = (p.height - h) >> 1, ox = (p.width - w) >> 1;
  const x = new Float32Array(w * h), m = new Uint8Array(w * h);
  for (let i = 0; i < h; i++) {
    x.set(p.image.subarray((oy + i) * p.width + ox, (oy + i) * p.width + ox + w), i * w);
    m.set(p.mask.subarray((oy + i) * p.width + ox, (oy + i) * p.width + ox + w), i * w);
  }
  return { x, m, w, h };
}

/** Mean foreground IoU of the graph on the validation centres (one image per forward). */
export async function validationIou(g: TfGraph, val: readonly { x: Float32Array; m: Uint8Array; w: number; h: number }[], threshold: number): Promise<number> {
  const logit = Math.log(threshold / (1 - threshold));
  let sum = 0;
  for (const v of val) {
    const y = tf.tidy(() => g.forward(tf.tensor4d(v.x, [1, v.h, v.w, 1])));
    const z = (await y.data()) as Float32Array;
    y.dispose();
    let inter = 0, uni = 0;
    for (let i = 0; i < z.length; i++) {
      const p = z[i] > logit, t = v.m[i] > 0;
      if (p && t) inter++;
      if (p || t) uni++;
    }
    sum += uni ? inter / uni : 1; // empty prediction of an empty mask: perfect
  }
  return sum / val.length;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** Fine-tune `model` on `pairs` (already normalised as its card says) on the active tfjs backend. */
export async function finetune(model: OnnxModel, pairs: readonly TrainPair[], opts: FinetuneOptions, mult: number,
  onProgress: (p: Progress) => void = () => {}, control?: Control): Promise<FinetuneResult> {
  if (opts.crop % mult) throw new Error(`the crop size ${opts.crop} must be a multiple of ${mult} for this model`);
  const { train, val } = splitForTraining(pairs, mult);
  const valSets = val.map((p) => centre(p, opts.valMaxSide, mult));
  const g = buildTfGraph(model);
  const vars = [...g.variables.values()];
  const opt = opts.lrMode === 'relative' ? await RelativeAdam.create(vars, opts.lr) : makeAdam({ lr: opts.lr });
  const rng = createRng(opts.seed);
  const t0 = performance.now();
  const losses: FinetuneResult['losses'] = [], validation: FinetuneResult['validation'] = [];
  try {
    const baseIou = await validationIou(g, valSets, opts.threshold);
    let best = { iou: baseIou, step: 0, weights: await g.readWeights() };
    validation.push({ step: 0, iou: baseIou });
    onProgress({ step: 0, steps: opts.steps, valIou: baseIou, bestIou: baseIou, bestStep: 0, stepsPerSecond: 0 });
    let step = 0, stopped = false;
    const tStart = performance.now();
    while (step < opts.steps) {
      await tick(); // let pause / cancel messages in
      while (control?.paused() && !control.requested()) await new Promise((r) => setTimeout(r, 100));
      const req = control?.requested();
      if (req === 'cancel') throw new FinetuneCancelled();
      if (req === 'stop') { stopped = true; break; }
      const b = augmentedBatch(train, opts.batch, opts.crop, rng, opts.augment);
      const x = tf.tensor4d(b.x, [opts.batch, opts.crop, opts.crop, 1]), y = tf.tensor4d(b.y, [opts.batch, opts.crop, opts.crop, 1]);
      const loss = await trainStep(g.forward, vars, opt, x, y);
      tf.dispose([x, y]);
      step++;
      losses.push({ step, loss });
      const p: Progress = { step, steps: opts.steps, loss, bestIou: best.iou, bestStep: best.step, stepsPerSecond: step / ((performance.now() - tStart) / 1000) };
      if (step % opts.valEvery === 0 || step === opts.steps) {
        const iou = await validationIou(g, valSets, opts.threshold);
        validation.push({ step, iou });
        if (iou > best.iou) best = { iou, step, weights: await g.readWeights() };
        Object.assign(p, { valIou: iou, bestIou: best.iou, bestStep: best.step });
      }
      onProgress(p);
    }
    if (stopped && validation[validation.length - 1].step !== step) {
      const iou = await validationIou(g, valSets, opts.threshold); // the last steps since the previous check count too
      validation.push({ step, iou });
      if (iou > best.iou) best = { iou, step, weights: await g.readWeights() };
    }
    if (opts.keep === 'last') best = { iou: validation[validation.length - 1].iou, step, weights: await g.readWeights() };
    return {
      weights: best.weights, baseIou, bestIou: best.iou, bestStep: best.step, stepsDone: step, losses, validation,
      train: train.map((p) => p.name), val: val.map((p) => p.name), seconds: (performance.now() - t0) / 1000, stopped,
    };
  } finally {
    g.dispose();
    opt.dispose();
  }
}
