/**
 * The Node part of the fine-tuning bench in `npm run bench`: training steps per second of the studio's
 * fine-tuner (src/finetune/stepTiming.ts, TensorFlow.js) on 256² crops, batch 4, on tfjs' WASM backend
 * (XNNPACK, SIMD, one thread) in Node — what `npm run finetune` runs on. The browser figures (the bench page's
 * worker: WASM as the studio runs it, and WebGPU) come from src/bench/finetunePage.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../finetune/backend';
import '../finetune/nodeBackends';
import { readOnnx } from '../finetune/onnxModel';
import { timeTrainSteps } from '../finetune/stepTiming';

export interface FinetuneBench {
  /** Steps/s at `finetune_setup`'s configuration, tfjs WASM in Node. */
  finetune_steps_per_s_wasm_node: number;
  finetune_step_ms_wasm_node: number[];
  finetune_setup: string;
}

export async function benchFinetune(modelsDir: string, reps: number, log: (s: string) => void, model = 'cells-synthetic', crop = 256, batch = 4): Promise<FinetuneBench> {
  await useBackend('wasm');
  const t = await timeTrainSteps(readOnnx(readFileSync(join(modelsDir, `${model}.onnx`))), { crop, batch, reps }, (s) => log(`finetune ${model} (Node): ${s}`));
  return {
    finetune_steps_per_s_wasm_node: Math.round(t.stepsPerSecond * 1000) / 1000,
    finetune_step_ms_wasm_node: t.stepMs.map(Math.round),
    finetune_setup: `${model}, ${batch} x ${crop}px crops (batch ${batch}), one step = forward + BCE/soft-Dice loss + gradients + Adam (per-tensor relative step), ` +
      `mean of ${reps} steps after one warm-up step; Node: tfjs-backend-wasm ${version()} (SIMD, 1 thread)`,
  };
}

const version = () => (JSON.parse(readFileSync('node_modules/@tensorflow/tfjs-backend-wasm/package.json', 'utf8')) as { version: string }).version;
