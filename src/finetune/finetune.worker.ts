/**
 * The fine-tuning worker (comlink): decodes the person's image/mask pairs, normalises them as the base model's
 * card says, trains with src/finetune/train.ts on tfjs — WebGPU on a hardware adapter, else WASM (XNNPACK,
 * SIMD, threaded when the page is cross-origin isolated) — and returns the ONNX bytes (the base graph with the new
 * weights) and the card. Separate from the segmentation worker so a long training never blocks a segmentation.
 */
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import threadedMain from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose, transfer } from 'comlink';
import { toErrorInfo } from '../errors';
import { decodeImage } from '../io/decode';
import { decodeMask } from '../io/decodeMask';
import type { ModelCard } from '../models/manifest';
import { normalize } from '../tiling/normalize';
import pthreadWorker from './pthread/tfjsPthread.js?url&no-inline';
import { FINETUNE_AUGMENT, NO_AUGMENT, type TrainPair } from './augment';
import { useBackend, type TrainBackend } from './backend';
import { finetuneCard } from './card';
import { bioimagePackage, type TestTensors } from './bioimagePackage';
import { readOnnx, writeOnnx } from './onnxModel';
import { buildTfGraph } from './tfGraph';
import { FinetuneCancelled, finetune, FINETUNE_DEFAULTS, type Progress } from './train';
import * as tf from './tf';

/** Threads of tfjs' WASM backend when the page is cross-origin isolated (SharedArrayBuffer): one per core, ≤ 8. */
const WASM_THREADS = self.crossOriginIsolated ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)) : 1;

// tfjs' threaded WASM starts its pthread workers from blob: URLs (refused by the app's CSP, worker-src 'self')
// holding the bundled factory's toString() ("e is not defined": names the bundler renamed). Its pthread worker
// script is the one blob of type application/javascript it makes; hand it our own copy instead, served as a file
// of the app, which loads the original factory script (see pthread/vendor.ts).
if (WASM_THREADS > 1) {
  const createObjectURL = URL.createObjectURL.bind(URL);
  const pthreadUrl = `${new URL(pthreadWorker, self.location.href).href}?main=${encodeURIComponent(new URL(threadedMain, self.location.href).href)}`;
  URL.createObjectURL = (o: Blob | MediaSource) => (o instanceof Blob && o.type === 'application/javascript' ? pthreadUrl : createObjectURL(o));
  setThreadsCount(WASM_THREADS);
} else {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

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
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  const software = !adapter || (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter || /swiftshader/i.test(`${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}`);
  if (!software) {
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
function testTensors(onnx: Uint8Array, _files: PairFiles, pair: TrainPair & { raw: Float32Array }, mult: number): TestTensors {
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
  const output = y.dataSync() as Float32Array;
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
      const label = `${backend}${backend === 'wasm' ? ` (SIMD, ${WASM_THREADS} thread${WASM_THREADS > 1 ? 's' : ''})` : ''}`;
      const card = finetuneCard({
        base: req.base, id: `user:${file.replace(/\.onnx$/, '')}`, name: `${req.base.name}, fine-tuned`, file, sha256, bytes: onnx.length,
        data: req.dataLabel, opts, result, backend: `tfjs ${label} (browser)`, date: new Date().toISOString().slice(0, 10),
      });
      const zip = bioimagePackage(onnx, card, testTensors(onnx, req.pairs[0], pairs[0], req.base.input.tileMultiple));
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
