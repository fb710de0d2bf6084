/**
 * The fine-tuning part of `npm run bench`: training steps per second of the studio's fine-tuner (src/finetune,
 * TensorFlow.js) on 256² crops, batch 4 — one warm-up step (kernel setup), then `reps` timed steps — on tfjs'
 * WASM backend (XNNPACK, SIMD, one thread, as in the studio's worker) in Node. WebGPU training needs a browser
 * with a hardware adapter; the only adapter here is SwiftShader (CPU emulation), so it is reported as such.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../synth/prng';
import { useBackend } from '../finetune/backend';
import { RelativeAdam, trainStep } from '../finetune/loss';
import '../finetune/nodeBackends';
import { readOnnx } from '../finetune/onnxModel';
import { buildTfGraph } from '../finetune/tfGraph';
import { FINETUNE_DEFAULTS } from '../finetune/train';
import * as tf from '../finetune/tf';

export interface FinetuneBench { finetune_steps_per_s_wasm: number; finetune_step_ms_wasm: number[]; finetune_setup: string; finetune_webgpu: string }

export async function benchFinetune(modelsDir: string, reps: number, log: (s: string) => void, model = 'cells-synthetic', crop = 256, batch = 4): Promise<FinetuneBench> {
  await useBackend('wasm');
  const g = buildTfGraph(readOnnx(readFileSync(join(modelsDir, `${model}.onnx`))));
  const vars = [...g.variables.values()];
  const opt = new RelativeAdam(vars, FINETUNE_DEFAULTS.lr); // the fine-tuner's optimiser (one Adam per tensor)
  const rng = createRng(5);
  const n = batch * crop * crop;
  const x = tf.tensor4d(Float32Array.from({ length: n }, () => rng.next()), [batch, crop, crop, 1]);
  const y = tf.tensor4d(Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)), [batch, crop, crop, 1]);
  const ms: number[] = [];
  try {
    for (let i = 0; i <= reps; i++) {
      const t0 = performance.now();
      trainStep(g.forward, vars, opt, x, y);
      const dt = performance.now() - t0;
      if (i > 0) ms.push(Math.round(dt));
      log(`finetune ${model}: ${i === 0 ? 'warm-up' : `step ${i}/${reps}`} ${Math.round(dt)} ms (${batch} × ${crop}², tfjs wasm)`);
    }
  } finally {
    tf.dispose([x, y]);
    g.dispose();
    opt.dispose();
  }
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return {
    finetune_steps_per_s_wasm: Math.round((1000 / mean) * 1000) / 1000,
    finetune_step_ms_wasm: ms,
    finetune_setup: `${model}, ${batch} x ${crop}px crops, BCE + soft Dice, Adam (per-tensor relative step); tfjs-backend-wasm ${version()} (SIMD, 1 thread) in Node`,
    finetune_webgpu: 'not measured: the only WebGPU adapter on this machine is SwiftShader (CPU emulation, ~100x slower than WASM); the studio trains on WebGPU only on a hardware adapter',
  };
}

const version = () => (JSON.parse(readFileSync('node_modules/@tensorflow/tfjs-backend-wasm/package.json', 'utf8')) as { version: string }).version;
