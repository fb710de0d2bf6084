/**
 * The only module that imports onnxruntime-web (STYLE §2.5). It owns:
 * - where ORT's runtime files come from: the WebGPU build's `.mjs` + `.wasm` are emitted by Vite as same-origin
 *   assets (`?url`) and handed to `env.wasm.wasmPaths`, so nothing is fetched from a CDN and the pthread
 *   workers start from the `.mjs` file rather than from this worker's bundle (ORT `wasm-utils-import.ts`:
 *   a `wasmPaths.mjs` override bypasses the embedded module);
 * - the backend choice (WebGPU when a hardware adapter exists, else WASM with SIMD and one thread per core);
 * - sessions cached per (model, backend), model bytes verified against the card's sha256 first;
 * - `infer()`, which runs one `session.run` at a time (a promise chain, as transformers.js does: simultaneous
 *   WASM/WebGPU runs on one ORT instance fail);
 * - the GPU-resident path's ORT side: WebGPU sessions keep their outputs on the GPU
 *   (`preferredOutputLocation: 'gpu-buffer'`), `webgpuDevice()` hands out ORT's own GPUDevice
 *   (`env.webgpu.device`, set once ORT created it) and `inferOnGpu()` runs a `Tensor.fromGpuBuffer` input;
 * - device loss: ORT's device is watched (gpu/device.ts `watchDevice`); once lost, the WebGPU sessions are
 *   released, every later run resolves to WASM with a note that says why, and the page is told at once through
 *   the status channel (status.ts), as are uncaptured WebGPU errors (rate-limited);
 * - `backendFor(choice, card)`: the one rule for which backend a model runs on (probe and run both use it);
 * - `inspectModel(bytes)`: a WASM session on a person's own ONNX, its input/output metadata and a probe run, for
 *   userModels.ts to check the contract; a model that passes keeps that session as its WASM session.
 */
import * as ort from 'onnxruntime-web/webgpu';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { StudioError } from '../errors';
import { probeAdapter, watchDevice } from '../gpu/device';
import { isQuantized, type ModelCard } from '../models/manifest';
import type { BackendChoice, BackendInfo } from './api';
import type { ModelMeta } from '../models/userModel';
import { modelBytes } from './models';
import { reportDeviceLost, reportGpuError } from './status';

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
  if (deviceLost !== undefined) return wasmInfo(lostNote(deviceLost));
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
  const bytes = await modelBytes(card);
  if (info.backend === 'webgpu') {
    const probe = await probeAdapter();
    // Give ORT the adapter we described, so the badge names the device that really runs.
    if (probe.adapter && !ort.env.webgpu.adapter) ort.env.webgpu.adapter = probe.adapter;
  }
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: [info.backend],
      graphOptimizationLevel: 'all',
      // WebGPU: outputs stay on the GPU for the blend kernels (infer() downloads them when asked).
      ...(info.backend === 'webgpu' ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    });
    if (info.backend === 'webgpu') {
      const device = await webgpuDevice();
      if (device) watchDevice(device, onDeviceLost, reportGpuError);
    }
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
 * The backend a run of `card` takes for `choice` (before any session exists): `resolveBackend`'s, except that an
 * int8 card (operator form, QLinearConv) goes to WASM: the WebGPU EP has no QLinearConv kernel, so ORT would
 * place those nodes on its CPU fallback and copy every activation between GPU and CPU. The header badge
 * (probeBackend with a model) and `getSession` both ask here, so they cannot disagree.
 */
export async function backendFor(choice: BackendChoice, card?: ModelCard): Promise<BackendInfo> {
  const info = await resolveBackend(choice);
  if (info.backend === 'wasm' || !card || !isQuantized(card)) return info;
  return wasmInfo(`${info.note ? `${info.note}, but ` : ''}${card.id} is an int8 model (QLinearConv), which WebGPU cannot run: using WASM`);
}

/**
 * A session for the card on the chosen backend (`backendFor`). A WebGPU session that cannot be created falls
 * back to WASM, and the returned `info.note` says why. A sha256 mismatch is never retried on another backend.
 */
export async function getSession(card: ModelCard, choice: BackendChoice): Promise<LoadedSession> {
  const info = await backendFor(choice, card);
  if (info.backend === 'wasm') return cached(card, info);
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

/** Forget a cached session and release it (its GPU memory too) once any run on it has settled. */
function dropSession(key: string): void {
  const p = sessions.get(key);
  sessions.delete(key);
  p?.then((s) => s.session.release()).catch((e) => console.warn(`releasing session ${key}:`, e));
}

/** A WASM session for the same card, used when a WebGPU run fails midway. */
export function wasmFallback(card: ModelCard, why: string): Promise<LoadedSession> {
  webgpuFailures.set(card.id, why);
  dropSession(`${card.id}|webgpu`);
  return cached(card, wasmInfo(deviceLost !== undefined ? lostNote(deviceLost) : `WebGPU run failed (${why}): using WASM`));
}

/** Why ORT's GPUDevice was lost, once it was (a lost device never comes back: ORT keeps using it). */
let deviceLost: string | undefined;
const lostNote = (why: string) => `WebGPU device lost (${why}): using WASM and the CPU path`;

/** Release every WebGPU session and send later runs to WASM (gpu/device.ts calls this on `device.lost`). */
function onDeviceLost(why: string): void {
  if (deviceLost !== undefined) return;
  deviceLost = why;
  reportDeviceLost(why);
  for (const key of [...sessions.keys()]) if (key.endsWith('|webgpu')) dropSession(key);
}

/** The device-loss reason, or undefined while ORT's device is alive (or none was created). */
export const webgpuLost = (): string | undefined => deviceLost;

/**
 * ORT's own GPUDevice (`env.webgpu.device`), which ORT sets when it creates its first WebGPU session;
 * undefined before that or after the device was lost. Kernels that share buffers with ORT must use it.
 */
export async function webgpuDevice(): Promise<GPUDevice | undefined> {
  if (deviceLost !== undefined) return undefined;
  const d = (ort.env.webgpu as { device?: GPUDevice | Promise<GPUDevice> }).device;
  return d ? await d : undefined;
}

let chain: Promise<unknown> = Promise.resolve();

/** One at a time across all sessions (see the header). */
function serial<T>(run: () => Promise<T>): Promise<T> {
  const p = chain.then(run, run);
  chain = p.catch(() => undefined);
  return p;
}

/** A model output left on the GPU: the buffer (≥ n·T²·4 bytes, may be larger) until `release()`. */
export interface GpuOutput {
  buffer: GPUBuffer;
  release(): void;
}

/**
 * Run n tiles whose NCHW n×1×T×T f32 input already lies in `input` (a STORAGE | COPY_SRC | COPY_DST buffer of
 * ORT's device, exactly n·T²·4 bytes) and leave the logits on the GPU. The caller must `release()` the output
 * once its work on the buffer is submitted (WebGPU queue order keeps ORT's reuse of the buffer after it).
 */
export function inferOnGpu(s: LoadedSession, input: GPUBuffer, n: number, tile: number): Promise<GpuOutput> {
  return serial(async () => {
    const x = ort.Tensor.fromGpuBuffer(input, { dataType: 'float32', dims: [n, 1, tile, tile] });
    const out = await s.session.run({ [s.card.input.name]: x });
    const y = out[s.card.output.name];
    for (const [name, t] of Object.entries(out)) if (name !== s.card.output.name) t.dispose();
    if (y.location !== 'gpu-buffer') {
      y.dispose();
      throw new StudioError('inference-failed', `The WebGPU session returned its output on "${y.location}", not on the GPU.`);
    }
    return { buffer: y.gpuBuffer as GPUBuffer, release: () => y.dispose() };
  });
}

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
  return serial(run);
}

/** A WASM session on bytes that are not a card yet (userModels.ts): metadata, one probe run, then keep or release. */
export interface InspectedModel {
  meta: ModelMeta;
  /** Run 1×1×tile×tile zeros; the output's dims. Serialised with every other run. */
  probe(inputName: string, outputName: string, tile: number): Promise<number[]>;
  /** Cache the session as this card's WASM session (no second session creation when it runs on WASM). */
  keep(card: ModelCard): void;
  release(): Promise<void>;
}

/**
 * Open a WASM session on a person's ONNX bytes. ORT's own message (protobuf parsing failed, truncated model, an
 * unsupported opset) is kept in the StudioError the caller words; this function only says ORT could not read it.
 */
export async function inspectModel(bytes: Uint8Array): Promise<InspectedModel> {
  configureOrt();
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new StudioError('model-invalid', e instanceof Error ? e.message : String(e));
  }
  const meta: ModelMeta = {
    inputs: session.inputMetadata.map((m) => ({ ...m })),
    outputs: session.outputMetadata.map((m) => ({ ...m })),
  };
  return {
    meta,
    probe: (inputName, outputName, tile) => serial(async () => {
      const out = await session.run({ [inputName]: new ort.Tensor('float32', new Float32Array(tile * tile), [1, 1, tile, tile]) });
      const dims = [...out[outputName].dims];
      for (const t of Object.values(out)) t.dispose();
      return dims;
    }),
    keep: (card) => {
      forgetSessions(card.id);
      sessions.set(`${card.id}|wasm`, Promise.resolve({ session, card, info: wasmInfo('') }));
    },
    release: () => session.release(),
  };
}

/** Drop the cached sessions of a model id (a user model opened again under the same name). */
export function forgetSessions(id: string): void {
  webgpuFailures.delete(id);
  for (const key of [`${id}|wasm`, `${id}|webgpu`]) dropSession(key);
}
