/**
 * The tfjs rebuild of every bundled fp32 model computes what onnxruntime computes: same random 1×1×64×64
 * input, logits equal to 1e-4 (max abs). WASM (the training backend here) for all, and the cpu backend for the
 * tiny model, with and without the matMul conv gradients' forward path (it pads explicitly).
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend, type TrainBackend } from './backend';
import './nodeBackends';
import { readOnnx } from './onnxModel';
import { mulberry32 } from '../synth/prng';
import { buildTfGraph } from './tfGraph';
import * as tf from './tf';

const MODELS = ['fixture-tiny-unet', 'cells-synthetic', 'cells-synthetic-noskip', 'em-unet', 'em-unet-noskip'];
const S = 64;
const rand = mulberry32(7);
const input = Float32Array.from({ length: S * S }, () => rand() * 2 - 1);

async function ortLogits(bytes: Uint8Array): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', input, [1, 1, S, S]) });
  const data = out[s.outputNames[0]].data as Float32Array;
  await s.release();
  return data;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function tfLogits(bytes: Uint8Array, backend: TrainBackend, matmulGrads?: boolean): Promise<Float32Array> {
  await useBackend(backend);
  const g = buildTfGraph(readOnnx(bytes), { matmulGrads });
  const y = tf.tidy(() => g.forward(tf.tensor4d(input, [1, S, S, 1])));
  const data = (await y.data()) as Float32Array; // N×H×W×1 has the same order as N×1×H×W
  y.dispose();
  g.dispose();
  return data;
}

describe('tfjs forward equals onnxruntime', () => {
  afterAll(() => tf.disposeVariables());
  for (const id of MODELS) {
    it(`${id} (wasm)`, async () => {
      const bytes = readFileSync(`public/models/${id}.onnx`);
      const [want, got] = [await ortLogits(bytes), await tfLogits(bytes, 'wasm')];
      expect(got.length).toBe(S * S);
      expect(maxDiff(got, want)).toBeLessThan(1e-4);
      expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(0.1); // not a degenerate all-zero comparison
    });
  }
  for (const mm of [false, true])
    it(`fixture-tiny-unet (cpu, matmulGrads ${mm})`, async () => {
      const bytes = readFileSync('public/models/fixture-tiny-unet.onnx');
      expect(maxDiff(await tfLogits(bytes, 'cpu', mm), await ortLogits(bytes))).toBeLessThan(1e-4);
    });
});
