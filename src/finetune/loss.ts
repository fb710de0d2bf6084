/**
 * The training objective and one optimiser step, shared by the worker, the CLI and the parity test: BCE on
 * logits (mean over pixels) + soft Dice (per image, smoothing 1, averaged over the batch) — the loss of
 * training/train.py's `seg_loss(kind="bce_dice")` — and Adam.
 */
import * as tf from './tf';

/** BCE + soft Dice of logits against a 0/1 target, both N×H×W×1. */
export function segLoss(logits: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    // Numerically stable BCE with logits: max(z, 0) − z·y + log(1 + e^−|z|), as torch's.
    const bce = tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
    const p = tf.sigmoid(logits);
    const inter = tf.sum(tf.mul(p, target), [1, 2, 3]);
    const denom = tf.add(tf.add(tf.sum(p, [1, 2, 3]), tf.sum(target, [1, 2, 3])), 1);
    const dice = tf.mean(tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), 1), denom)));
    return tf.add(bce, dice) as tf.Scalar;
  });
}

export interface AdamParams {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** tfjs' Adam with torch's defaults (β 0.9/0.999, ε 1e-8; tfjs' own ε default is 1e-7). */
export function makeAdam(p: AdamParams): tf.AdamOptimizer {
  return tf.train.adam(p.lr, p.beta1 ?? 0.9, p.beta2 ?? 0.999, p.epsilon ?? 1e-8);
}

/**
 * One step: forward, loss, gradients of `vars`, Adam update. Resolves to the loss before the update, once the
 * backend has done the step (the read waits for it). Read asynchronously: on WebGPU a synchronous read goes
 * through a canvas copy that tfjs itself warns is slow.
 */
export async function trainStep(forward: (x: tf.Tensor4D) => tf.Tensor4D, vars: tf.Variable[], opt: tf.Optimizer, x: tf.Tensor4D, y: tf.Tensor4D): Promise<number> {
  const loss = opt.minimize(() => segLoss(forward(x), y), true, vars)!;
  try {
    return (await loss.data())[0];
  } finally {
    loss.dispose();
  }
}

/**
 * Adam with a step size relative to each weight tensor: variable v gets its own Adam with lr = lrRel × RMS(v)
 * (its RMS when the optimiser is made; torch: one param group per tensor). Why: the studio's U-Nets come with
 * BatchNorm folded into the convolutions, so their tensors differ in scale by 1000× (em-unet: first conv RMS
 * 2.8, bottleneck conv 4e-3). Plain Adam moves every weight by about lr per step whatever its scale, so at
 * lr 1e-4 the bottleneck weights changed by ~2.5 % per step in a noisy direction — 6 steps cost em-unet 0.004
 * test IoU — while the first layer hardly moved. A relative step changes every layer by the same fraction.
 */
export class RelativeAdam extends tf.Optimizer {
  static className = 'RelativeAdam';
  private readonly perVar = new Map<string, tf.AdamOptimizer>();

  /**
   * Each tensor's RMS read asynchronously (the training path's way: tfjs WebGPU's synchronous read, a canvas
   * copy, lost the device after a few reads in a worker).
   */
  static async create(vars: readonly tf.Variable[], lrRel: number, p: Omit<AdamParams, 'lr'> = {}): Promise<RelativeAdam> {
    const rms: number[] = [];
    for (const v of vars) {
      const t = tf.tidy(() => tf.sqrt(tf.mean(tf.square(v))));
      rms.push((await t.data())[0]);
      t.dispose();
    }
    return new RelativeAdam(vars, lrRel, p, rms);
  }

  /** `rms`: each tensor's RMS, in `vars` order (read synchronously when absent: CPU/WASM only; see `create`). */
  constructor(vars: readonly tf.Variable[], readonly lrRel: number, p: Omit<AdamParams, 'lr'> = {}, rms?: readonly number[]) {
    super();
    vars.forEach((v, i) => {
      const r = rms?.[i] ?? tf.tidy(() => tf.sqrt(tf.mean(tf.square(v))).dataSync()[0]);
      this.perVar.set(v.name, makeAdam({ ...p, lr: lrRel * Math.max(r, 1e-3) })); // a zero tensor still moves
    });
  }

  applyGradients(grads: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    for (const { name, tensor } of list) {
      const opt = this.perVar.get(name);
      if (!opt) throw new Error(`RelativeAdam: no optimiser for variable ${name}`);
      opt.applyGradients([{ name, tensor }]);
    }
  }

  override dispose(): void {
    for (const o of this.perVar.values()) o.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { lrRel: this.lrRel };
  }
}
