/**
 * Training parity with PyTorch: 3 Adam steps of the tfjs rebuild of fixture-tiny-unet on fixed inputs (no
 * augmentation) end with the weights PyTorch reaches from the same ONNX weights, inputs, loss and Adam settings
 * (fixture written by training/finetune_parity.py), to 1e-3 relative per initializer. Both conv-gradient paths
 * (tfjs' own kernels on cpu, the matMul ones the wasm backend needs) are checked. The written-back ONNX runs in
 * onnxruntime and gives what the trained tfjs graph gives.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { useBackend, type TrainBackend } from './backend';
import { makeAdam, trainStep } from './loss';
import './nodeBackends';
import { readOnnx, writeOnnx } from './onnxModel';
import { buildTfGraph } from './tfGraph';
import * as tf from './tf';

interface Fixture { model: string; steps: number; lr: number; shape: number[]; x: string; y: string; losses: number[]; weights: Record<string, string> }
const fx = JSON.parse(readFileSync('src/finetune/fixtures/tiny-adam3.json', 'utf8')) as Fixture;
const f32 = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

async function train(backend: TrainBackend, matmulGrads: boolean) {
  await useBackend(backend);
  const model = readOnnx(readFileSync(`public/models/${fx.model}`));
  const g = buildTfGraph(model, { matmulGrads });
  const [n, , h, w] = fx.shape;
  const x = tf.tensor4d(f32(fx.x), [n, h, w, 1]); // C = 1: NCHW and NHWC hold the same order
  const y = tf.tensor4d(f32(fx.y), [n, h, w, 1]);
  const opt = makeAdam({ lr: fx.lr });
  const losses = [];
  for (let s = 0; s < fx.steps; s++) losses.push(await trainStep(g.forward, [...g.variables.values()], opt, x, y));
  return { model, g, x, losses, weights: await g.readWeights(), dispose: () => { g.dispose(); opt.dispose(); tf.dispose([x, y]); } };
}

describe('3 Adam steps equal PyTorch (training/finetune_parity.py)', () => {
  for (const [backend, mm] of [['cpu', false], ['cpu', true], ['wasm', true]] as const)
    it(`${backend}, ${mm ? 'matMul' : 'tfjs'} conv gradients`, async () => {
      const r = await train(backend, mm);
      expect(r.losses.map((l) => +l.toFixed(4))).toEqual(fx.losses.map((l) => +l.toFixed(4)));
      const moved: string[] = [];
      for (const [name, b64] of Object.entries(fx.weights)) {
        const want = f32(b64);
        const got = r.weights.get(name)!;
        const scale = maxAbs(want);
        expect(maxDiff(got, want) / scale, name).toBeLessThan(1e-3);
        if (maxDiff(r.model.weights.get(name)!.data, want) / scale > 5e-3) moved.push(name);
      }
      // The comparison means something: the steps moved most tensors by 5× the tolerance (a few, e.g. the
      // head behind dead random-init ReLUs, barely get a gradient).
      expect(moved.length).toBeGreaterThan(0.8 * Object.keys(fx.weights).length);
      r.dispose();
    });

  it('the written-back ONNX runs in onnxruntime like the trained tfjs graph', async () => {
    const r = await train('wasm', true);
    const bytes = writeOnnx(r.model, r.weights);
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    const [n, , h, w] = fx.shape;
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', f32(fx.x), [n, 1, h, w]) });
    const want = tf.tidy(() => r.g.forward(r.x)).dataSync() as Float32Array;
    expect(maxDiff(out[s.outputNames[0]].data as Float32Array, want)).toBeLessThan(1e-4);
    expect(readOnnx(bytes).nodes.length).toBe(r.model.nodes.length);
    await s.release();
    r.dispose();
  });
});
