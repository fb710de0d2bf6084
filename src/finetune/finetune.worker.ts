/**
 * The fine-tuning worker (comlink): decodes the person's image/mask pairs, normalises them as the base model's
 * card says, trains with src/finetune/train.ts on tfjs — WebGPU on a hardware adapter, else WASM (XNNPACK,
 * SIMD, threaded when the page is cross-origin isolated) — and returns the ONNX bytes (the base graph with the new
 * weights) and the card. Separate from the segmentation worker so a long training never blocks a segmentation.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { expose, transfer } from 'comlink';
import { toErrorInfo } from '../errors';
import { decodeImage } from '../io/decode';
import { decodeMask } from '../io/decodeMask';
import type { ModelCard } from '../models/manifest';
import { normalize } from '../tiling/normalize';
import { FINETUNE_AUGMENT, NO_AUGMENT, type TrainPair } from './augment';
import { useBackend, type TrainBackend } from './backend';
import { finetuneCard } from './card';
import { bioimagePackage, type TestTensors } from './bioimagePackage';
import { readOnnx, writeOnnx } from './onnxModel';
import { detectTrainAdapter } from './trainAdapter';
import { buildTfGraph } from './tfGraph';
import { FinetuneCancelled, finetune, FINETUNE_DEFAULTS, type Progress } from './train';
import * as tf from './tf';
import { WASM_LABEL } from './wasmSetup';

export interface PairFiles { name: string; image: ArrayBuffer; imageName: string; mask: ArrayBuffer; maskName: string }

export interface StartRequest {
  base: ModelCard;
  onnx: ArrayBuffer;
  pairs: PairFiles[];
  steps: number;
  crop: number;
  batch: number;
  augment: boolean;
  /** 'auto': WebGPU on a hardware adapter, else WASM. */
  backend: 'auto' | TrainBackend;
  dataLabel: string;
}

export interface StartResult { onnx: Uint8Array; card: ModelCard; backend: string; zip: Uint8Array }

let state: { paused: boolean; request?: 'stop' | 'cancel' } = { paused: false };

/** WebGPU only on a hardware adapter: a software one (SwiftShader) trains ~100× slower than WASM. */
async function pickBackend(choice: StartRequest['backend']): Promise<TrainBackend> {
  if (choice !== 'auto') return useBackend(choice);
  const { software, info } = await detectTrainAdapter();
  if (info && !software) {
    try {
      return await useBackend('webgpu');
    } catch { /* fall through to WASM */ }
  }
  return useBackend('wasm');
}

async function loadPairs(files: PairFiles[], card: ModelCard): Promise<(TrainPair & { raw: Float32Array })[]> {
  const out: (TrainPair & { raw: Float32Array })[] = [];
  for (const f of files) {
    const raw = await decodeImage(f.image, f.imageName);
    const gt = await decodeMask(f.mask, f.maskName);
    if (gt.width !== raw.width || gt.height !== raw.height)
      throw new Error(`${f.name}: the image is ${raw.width}×${raw.height} but its mask is ${gt.width}×${gt.height}; they must match.`);
    out.push({ name: f.name, width: raw.width, height: raw.height, image: normalize(raw, card.input.normalization), mask: gt.binary, raw: raw.data });
  }
  return out;
}

/**
 * The package's test tensors: the centre of the first pair's raw image (at most 256², a multiple of the
 * tile multiple) and the fine-tuned model's logits for it, computed here with the written-back weights.
 */
async function testTensors(onnx: Uint8Array, _files: PairFiles, pair: TrainPair & { raw: Float32Array }, mult: number): Promise<TestTensors> {
  const size = Math.max(mult, Math.floor(Math.min(256, pair.width, pair.height) / mult) * mult);
  const oy = (pair.height - size) >> 1, ox = (pair.width - size) >> 1;
  const raw = new Float32Array(size * size), norm = new Float32Array(size * size);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const k = (oy + i) * pair.width + ox + j;
      raw[i * size + j] = pair.raw[k];
      norm[i * size + j] = pair.image[k];
    }
  const g = buildTfGraph(readOnnx(onnx));
  const y = tf.tidy(() => g.forward(tf.tensor4d(norm, [1, size, size, 1])));
  const output = (await y.data()) as Float32Array; // async: a synchronous WebGPU read in a worker can lose the device
  y.dispose();
  g.dispose();
  return { input: raw, output: new Float32Array(output), size };
}

const api = {
  async start(req: StartRequest, onProgress: (p: Progress) => void): Promise<StartResult> {
    state = { paused: false };
    try {
      const backend = await pickBackend(req.backend);
      const model = readOnnx(new Uint8Array(req.onnx), req.base.file);
      const pairs = await loadPairs(req.pairs, req.base);
      const opts = { ...FINETUNE_DEFAULTS, steps: req.steps, crop: req.crop, batch: req.batch, augment: req.augment ? FINETUNE_AUGMENT : NO_AUGMENT, threshold: req.base.threshold };
      const result = await finetune(model, pairs, opts, req.base.input.tileMultiple, onProgress, {
        paused: () => state.paused, requested: () => state.request,
      });
      const onnx = writeOnnx(model, result.weights);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', onnx as Uint8Array<ArrayBuffer>));
      const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const file = `${req.base.id.replace(/^user:/, '')}-ft-${stamp}.onnx`;
      const label = `${backend}${backend === 'wasm' ? ` (${WASM_LABEL})` : ''}`;
      const card = finetuneCard({
        base: req.base, id: `user:${file.replace(/\.onnx$/, '')}`, name: `${req.base.name}, fine-tuned`, file, sha256, bytes: onnx.length,
        data: req.dataLabel, opts, result, backend: `tfjs ${label} (browser)`, date: new Date().toISOString().slice(0, 10),
      });
      const zip = bioimagePackage(onnx, card, await testTensors(onnx, req.pairs[0], pairs[0], req.base.input.tileMultiple));
      return transfer({ onnx, card, backend: label, zip }, [onnx.buffer, zip.buffer]);
    } catch (e) {
      if (e instanceof FinetuneCancelled) throw { code: 'cancelled', message: 'Fine-tuning cancelled; nothing was kept.' };
      throw toErrorInfo(e);
    } finally {
      tf.disposeVariables();
    }
  },
  pause(on: boolean): void { state.paused = on; },
  stop(): void { state.request = 'stop'; },
  cancel(): void { state.request = 'cancel'; },
};

export type FinetuneWorkerApi = typeof api;
expose(api);
