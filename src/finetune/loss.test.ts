/**
 * RelativeAdam: each tensor's Adam step is lrRel × its RMS. Adam's first step moves every element by exactly
 * lr (bias-corrected m / √v = ±1), so after one step each tensor has changed by lrRel × RMS per element,
 * however different the tensors' scales — plain Adam moves both by the same absolute amount.
 */
import { describe, expect, it } from 'vitest';
import { useBackend } from './backend';
import { makeAdam, RelativeAdam } from './loss';
import './nodeBackends';
import * as tf from './tf';

async function firstStep(make: (vars: tf.Variable[]) => tf.Optimizer) {
  const big = tf.variable(tf.tensor1d([2, -3, 1, 4]), true, 'rel-big'), small = tf.variable(tf.tensor1d([0.002, -0.001, 0.004, 0.001]), true, 'rel-small');
  const rms = [big, small].map((v) => Math.sqrt(tf.mean(tf.square(v)).dataSync()[0]));
  const before = [big, small].map((v) => v.dataSync().slice());
  const opt = make([big, small]);
  // loss = Σ big + Σ small·k: every gradient element non-zero
  opt.minimize(() => tf.add(tf.sum(big), tf.sum(tf.mul(small, tf.tensor1d([1, -2, 3, -4])))) as tf.Scalar, false, [big, small]);
  const steps = [big, small].map((v, i) => Array.from(v.dataSync(), (x, j) => Math.abs(x - before[i][j])));
  opt.dispose();
  tf.dispose([big, small]);
  return { rms, steps };
}

describe('RelativeAdam', () => {
  it('steps each tensor by lrRel × its RMS; plain Adam by lr whatever the scale', async () => {
    await useBackend('cpu');
    const rel = await firstStep((vars) => new RelativeAdam(vars, 1e-3));
    for (let i = 0; i < 2; i++) for (const s of rel.steps[i]) expect(s / (1e-3 * rel.rms[i])).toBeCloseTo(1, 3);
    const abs = await firstStep(() => makeAdam({ lr: 1e-4 }));
    for (const s of [...abs.steps[0], ...abs.steps[1]]) expect(s).toBeCloseTo(1e-4, 6);
  });
});
