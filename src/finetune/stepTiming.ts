/**
 * Training steps per second of the fine-tuner on the active tfjs backend, for `npm run bench` (Node: WASM; the
 * bench page's worker: WASM and WebGPU). Times the studio's own step (loss.ts trainStep: forward, BCE + soft
 * Dice, gradients, RelativeAdam at the default lr) on a fixed random batch: one untimed warm-up step (kernel
 * and shader setup), then `reps` timed ones, each ending when its loss has been read back (the step is done).
 */
import { createRng } from './augment';
import { RelativeAdam, trainStep } from './loss';
import type { OnnxModel } from './onnxModel';
import { buildTfGraph } from './tfGraph';
import { FINETUNE_DEFAULTS } from './train';
import * as tf from './tf';

export interface StepTimingConfig {
  /** Square crop side (a multiple of the model's tile multiple). */
  crop: number;
  batch: number;
  /** Timed steps after the warm-up. */
  reps: number;
}

export interface StepTiming extends StepTimingConfig {
  /** The tfjs backend that ran the steps. */
  backend: string;
  warmupMs: number;
  /** Per timed step, ms. */
  stepMs: number[];
  /** 1000 / mean(stepMs). */
  stepsPerSecond: number;
  /** The losses of the timed steps, all finite (else this throws): the step really trained. */
  losses: number[];
}

/** Time `reps` training steps of `model` on the active backend (useBackend first). */
export async function timeTrainSteps(model: OnnxModel, cfg: StepTimingConfig, log: (line: string) => void = () => {}): Promise<StepTiming> {
  const { crop, batch, reps } = cfg;
  if (reps < 1) throw new Error(`timeTrainSteps: reps must be ≥ 1, got ${reps}`);
  const g = buildTfGraph(model);
  const vars = [...g.variables.values()];
  const opt = await RelativeAdam.create(vars, FINETUNE_DEFAULTS.lr); // the fine-tuner's optimiser (one Adam per tensor)
  const rng = createRng(5);
  const n = batch * crop * crop;
  const x = tf.tensor4d(Float32Array.from({ length: n }, () => rng.next()), [batch, crop, crop, 1]);
  const y = tf.tensor4d(Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)), [batch, crop, crop, 1]);
  const stepMs: number[] = [], losses: number[] = [];
  let warmupMs = 0;
  try {
    for (let i = 0; i <= reps; i++) {
      const t0 = performance.now();
      const loss = await trainStep(g.forward, vars, opt, x, y);
      const dt = performance.now() - t0;
      if (!Number.isFinite(loss)) throw new Error(`training step ${i} on ${tf.getBackend()} gave loss ${loss}`);
      if (i === 0) warmupMs = dt;
      else { stepMs.push(dt); losses.push(loss); }
      log(`${i === 0 ? 'warm-up' : `step ${i}/${reps}`} ${Math.round(dt)} ms (${batch} × ${crop}², tfjs ${tf.getBackend()})`);
    }
  } finally {
    tf.dispose([x, y]);
    g.dispose();
    opt.dispose();
  }
  const mean = stepMs.reduce((a, b) => a + b, 0) / stepMs.length;
  return { backend: tf.getBackend(), crop, batch, reps, warmupMs, stepMs, stepsPerSecond: 1000 / mean, losses };
}
