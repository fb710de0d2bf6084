/**
 * The fine-tuning part of the bench page (bench.html, driven by `npm run bench`): training steps per second of
 * the studio's fine-tuner in Chromium, in a worker (finetuneBench.worker.ts) — on tfjs WASM as the Fine-tune
 * worker runs it, and on tfjs WebGPU. The adapter is detected at run time: on a hardware adapter WebGPU runs the
 * full configuration; on a software one (SwiftShader, a fallback adapter: ~100× slower than WASM) only the small
 * `software` configuration, or nothing, and the note says which adapter made it so.
 */
import { proxy, wrap } from 'comlink';
import type { FinetuneBenchWorkerApi } from './finetuneBench.worker';
import type { FinetuneBackendRun, FinetuneBenchConfig, FinetuneBenchOptions, FinetuneBrowserBench } from './finetuneProtocol';

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
const cfgText = (c: FinetuneBenchConfig) => `${c.crop}² crops, batch ${c.batch}, ${c.reps} timed step${c.reps > 1 ? 's' : ''}`;

/** The ONNX bytes of bundled model `id`, by its card in models.json (as the studio finds it). */
async function modelBytes(id: string): Promise<ArrayBuffer> {
  const base = new URL('models/', new URL(import.meta.env.BASE_URL, location.href));
  const res = await fetch(new URL('models.json', base));
  if (!res.ok) throw new Error(`models.json: HTTP ${res.status}`);
  const card = ((await res.json()) as { models: { id: string; file: string }[] }).models.find((m) => m.id === id);
  if (!card) throw new Error(`no bundled model "${id}" in models.json`);
  const onnx = await fetch(new URL(card.file, base));
  if (!onnx.ok) throw new Error(`${card.file}: HTTP ${onnx.status}`);
  return onnx.arrayBuffer();
}

/** Time the fine-tuning step in a fresh worker (ended afterwards, so its memory and threads go with it). */
export async function benchFinetuneBrowser(opts: FinetuneBenchOptions, log: (line: string) => void = () => {}): Promise<FinetuneBrowserBench> {
  const backends = opts.backends ?? ['wasm', 'webgpu'];
  const onnx = await modelBytes(opts.model);
  const worker = new Worker(new URL('./finetuneBench.worker.ts', import.meta.url), { type: 'module', name: 'finetune-bench' });
  const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(`the fine-tune bench worker failed: ${e.message || 'load error'}`))));
  failed.catch(() => {}); // only raced against calls; no unhandled rejection when nothing is pending
  const api = wrap<FinetuneBenchWorkerApi>(worker);
  const call = <T>(p: Promise<T>) => Promise.race([p, failed]);
  try {
    const adapter = await call(api.adapter());
    log(`finetune: WebGPU adapter ${adapter.info ? `${adapter.description} (vendor "${adapter.info.vendor}", architecture "${adapter.info.architecture}", isFallbackAdapter ${adapter.info.isFallbackAdapter})${adapter.software ? ', software' : ''}` : `none: ${adapter.reason}`}`);
    const run = async (backend: 'wasm' | 'webgpu', cfg: FinetuneBenchConfig, note: string): Promise<FinetuneBackendRun> => {
      const line = proxy((s: string) => log(`finetune ${opts.model} ${backend}: ${s}`));
      try {
        const t = await call(api.time(onnx.slice(0), backend, cfg, line));
        return { backend, config: cfg, stepsPerSecond: t.stepsPerSecond, stepMs: t.stepMs, warmupMs: t.warmupMs, losses: t.losses, label: t.label, note };
      } catch (e) {
        log(`finetune ${opts.model} ${backend}: FAILED: ${msg(e)}`);
        return { backend, config: cfg, stepsPerSecond: null, stepMs: [], warmupMs: null, losses: [], label: '', note, error: msg(e) };
      }
    };
    const wasm = backends.includes('wasm') ? await run('wasm', opts.full, '') : null;
    let webgpu: FinetuneBackendRun | null = null;
    if (backends.includes('webgpu')) {
      if (!adapter.info) webgpu = { backend: 'webgpu', config: null, stepsPerSecond: null, stepMs: [], warmupMs: null, losses: [], label: '', note: `not run: ${adapter.reason}` };
      else if (!adapter.software) webgpu = await run('webgpu', opts.full, '');
      else if (opts.software) webgpu = await run('webgpu', opts.software, `${cfgText(opts.software)} only, not ${cfgText(opts.full)}: ${adapter.reason}`);
      else webgpu = { backend: 'webgpu', config: null, stepsPerSecond: null, stepMs: [], warmupMs: null, losses: [], label: '', note: `not run: ${adapter.reason}` };
    }
    return { model: opts.model, crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, adapter, wasm, webgpu };
  } finally {
    worker.terminate();
  }
}
