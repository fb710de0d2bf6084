/**
 * The only module that imports onnxruntime-web (STYLE §2.5). It owns:
 * - where ORT's runtime files come from: the WebGPU build's `.mjs` + `.wasm` are emitted by Vite as same-origin
 *   assets (`?url`) and handed to `env.wasm.wasmPaths`, so nothing is fetched from a CDN and the pthread
 *   workers start from the `.mjs` file rather than from this worker's bundle (ORT `wasm-utils-import.ts`:
 *   a `wasmPaths.mjs` override bypasses the embedded module);
 * - the backend choice (WebGPU when a hardware adapter exists, else WASM with SIMD and one thread per core);
 * - sessions cached per (model, backend), model bytes verified against the card's sha256 first;
 * - `infer()`, which runs one `session.run` at a time (a promise chain, as transformers.js does: simultaneous
 *   WASM/WebGPU runs on one ORT instance fail).
 */
import * as ort from 'onnxruntime-web/webgpu';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { StudioError } from '../errors';
import { probeAdapter } from '../gpu/device';
import { isQuantized, type ModelCard } from '../models/manifest';
import type { BackendChoice, BackendInfo } from './api';
import { loadModelBytes } from './models';

export interface LoadedSession {
  session: ort.InferenceSession;
  card: ModelCard;
  info: BackendInfo;
}

const scope = globalThis as typeof globalThis & { crossOriginIsolated?: boolean };

/** Threads for the WASM EP: one per core when SharedArrayBuffer is available (COOP/COEP), else 1. */
export const wasmThreads = (): number =>
  scope.crossOriginIsolated ? Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1)) : 1;

let configured = false;
function configureOrt(): void {
  if (configured) return;
  configured = true;
  const abs = (u: string) => new URL(u, self.location.href).href;
  ort.env.wasm.wasmPaths = { mjs: abs(ortMjsUrl), wasm: abs(ortWasmUrl) };
  ort.env.wasm.numThreads = wasmThreads();
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false; // we already are in a worker
  ort.env.logLevel = 'error';
}

function wasmInfo(note: string): BackendInfo {
  const threads = wasmThreads();
  return { backend: 'wasm', adapter: `WebAssembly SIMD, ${threads} thread${threads === 1 ? '' : 's'}`, software: false, threads, note };
}

/**
 * Which backend a choice resolves to, without creating a session. `auto` takes WebGPU only on a hardware
 * adapter: a software adapter (SwiftShader, llvmpipe) emulates the GPU on the CPU and is ~100× slower than WASM.
 */
export async function resolveBackend(choice: BackendChoice): Promise<BackendInfo> {
  if (choice === 'wasm') return wasmInfo('WASM chosen');
  const probe = await probeAdapter();
  if (!probe.adapter) return wasmInfo(`${choice === 'webgpu' ? 'WebGPU chosen, but ' : ''}${probe.reason}: using WASM`);
  const info: BackendInfo = { backend: 'webgpu', adapter: probe.description, software: probe.software, threads: 1, note: '' };
  if (choice === 'webgpu') return { ...info, note: 'WebGPU chosen' };
  if (probe.software)
    return wasmInfo(`only a software WebGPU adapter (${probe.description}), which is slower than WASM: using WASM (choose WebGPU to force it)`);
  return { ...info, note: 'auto: hardware WebGPU adapter found' };
}

const sessions = new Map<string, Promise<LoadedSession>>();

async function createSession(card: ModelCard, info: BackendInfo): Promise<LoadedSession> {
  configureOrt();
  const bytes = await loadModelBytes(card);
  if (info.backend === 'webgpu') {
    const probe = await probeAdapter();
    // Give ORT the adapter we described, so the badge names the device that really runs.
    if (probe.adapter && !ort.env.webgpu.adapter) ort.env.webgpu.adapter = probe.adapter;
  }
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: [info.backend],
      graphOptimizationLevel: 'all',
    });
    if (!session.inputNames.includes(card.input.name) || !session.outputNames.includes(card.output.name))
      throw new StudioError('model-invalid',
        `Model "${card.id}" has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}]; ` +
        `models.json expects input "${card.input.name}" and output "${card.output.name}".`);
    return { session, card, info };
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError('model-load-failed', `Could not create a ${info.backend === 'webgpu' ? 'WebGPU' : 'WASM'} session for "${card.id}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

function cached(card: ModelCard, info: BackendInfo): Promise<LoadedSession> {
  const key = `${card.id}|${info.backend}`;
  let p = sessions.get(key);
  if (!p) {
    p = createSession(card, info);
    sessions.set(key, p);
    p.catch(() => sessions.delete(key)); // a failed load can be retried
  }
  return p.then((s) => ({ ...s, info }));
}

/**
 * A session for the card on the chosen backend. A WebGPU session that cannot be created falls back to WASM,
 * and the returned `info.note` says why. A sha256 mismatch is never retried on another backend. An int8 card
 * (operator form, QLinearConv) goes to WASM without trying: the WebGPU EP has no QLinearConv kernel, so ORT
 * would place those nodes on its CPU fallback and copy every activation between GPU and CPU.
 */
export async function getSession(card: ModelCard, choice: BackendChoice): Promise<LoadedSession> {
  const info = await resolveBackend(choice);
  if (info.backend === 'wasm') return cached(card, info);
  if (isQuantized(card))
    return cached(card, wasmInfo(`${info.note ? `${info.note}, but ` : ''}${card.id} is an int8 model (QLinearConv), which WebGPU cannot run: using WASM`));
  const failed = webgpuFailures.get(card.id);
  if (failed) return cached(card, wasmInfo(`WebGPU session failed earlier (${failed}): using WASM`));
  try {
    return await cached(card, info);
  } catch (e) {
    if (e instanceof StudioError && e.code === 'model-invalid') throw e;
    const why = e instanceof Error ? e.message : String(e);
    webgpuFailures.set(card.id, why); // do not pay for a failing WebGPU session on every run
    return cached(card, wasmInfo(`WebGPU session failed (${why}): using WASM`));
  }
}

const webgpuFailures = new Map<string, string>();

/** A WASM session for the same card, used when a WebGPU run fails midway. */
export function wasmFallback(card: ModelCard, why: string): Promise<LoadedSession> {
  webgpuFailures.set(card.id, why);
  sessions.delete(`${card.id}|webgpu`);
  return cached(card, wasmInfo(`WebGPU run failed (${why}): using WASM`));
}

let chain: Promise<unknown> = Promise.resolve();

/** Run n tiles (NCHW n×1×T×T) through the session; one call at a time across all sessions. */
export function infer(s: LoadedSession, input: Float32Array, n: number, tile: number): Promise<Float32Array> {
  const run = async () => {
    const x = new ort.Tensor('float32', input, [n, 1, tile, tile]);
    const out = await s.session.run({ [s.card.input.name]: x });
    const y = out[s.card.output.name];
    try {
      const data = (y.location === 'cpu' ? y.data : await y.getData()) as Float32Array;
      return data;
    } finally {
      for (const t of Object.values(out)) if (t.location !== 'cpu') t.dispose();
    }
  };
  const p = chain.then(run, run);
  chain = p.catch(() => undefined);
  return p;
}
