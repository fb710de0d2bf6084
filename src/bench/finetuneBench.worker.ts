/**
 * The bench page's fine-tuning worker: times the studio's own training step (src/finetune/stepTiming.ts →
 * loss.ts trainStep) on tfjs' WASM backend set up exactly as the Fine-tune worker sets it up (wasmSetup.ts:
 * SIMD, threaded when cross-origin isolated) and on tfjs' WebGPU backend, in a worker as the studio trains.
 * It detects the adapter itself (trainAdapter.ts, the Fine-tune worker's rule), so the figures and the adapter
 * they were measured on come from the same place.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { expose } from 'comlink';
import { useBackend } from '../finetune/backend';
import { readOnnx } from '../finetune/onnxModel';
import { timeTrainSteps } from '../finetune/stepTiming';
import { detectTrainAdapter } from '../finetune/trainAdapter';
import * as tf from '../finetune/tf';
import { WASM_LABEL } from '../finetune/wasmSetup';
import type { FinetuneBenchConfig } from './finetuneProtocol';

/** What tfjs' WebGPU backend says it runs on (it requests its own adapter; base.js keeps vendor/architecture). */
function tfjsAdapter(): string {
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
  return info ? `tfjs webgpu on vendor "${info.vendor ?? ''}", architecture "${info.architecture ?? ''}"` : 'tfjs webgpu (adapter info not exposed)';
}

const api = {
  adapter: detectTrainAdapter,
  /** Time `cfg` on `backend`; the model's ONNX bytes are parsed here (readOnnx, as the Fine-tune worker does). */
  async time(onnx: ArrayBuffer, backend: 'wasm' | 'webgpu', cfg: FinetuneBenchConfig, log: (line: string) => void) {
    await useBackend(backend);
    try {
      const t = await timeTrainSteps(readOnnx(new Uint8Array(onnx)), cfg, log);
      return { ...t, label: backend === 'wasm' ? WASM_LABEL : tfjsAdapter() };
    } finally {
      tf.disposeVariables();
    }
  },
};

export type FinetuneBenchWorkerApi = typeof api;
expose(api);
