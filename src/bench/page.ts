/**
 * The bench page (bench.html): the studio's real segment worker, reached through the normal client
 * (src/worker/client.ts), plus a direct timing of the WGSL confusion kernel with the page's own GPUDevice.
 * The CLI (src/cli/bench.ts) calls `window.segBench.*` through page.evaluate; nothing here decides what is
 * measured or how it is reported.
 */
import { runConfusion, uploadMask } from '../gpu/confusion';
import { createBufferFrom } from '../gpu/buffers';
import { describeAdapter } from '../gpu/device';
import { confusion, type Confusion } from '../metrics/confusion';
import { createRng } from '../synth/prng';
import { workerClient } from '../worker/client';
import { benchFinetuneBrowser } from './finetunePage';
import { benchLargeView } from './largeViewBench';
import type { ConfusionTiming, SegBench } from './protocol';

const log = (line: string) => {
  document.getElementById('log')!.textContent += `\n${line}`;
  void window.segBenchLog?.(line);
};

/** A probability map and mask with realistic structure: smooth blobs plus noise, ~half foreground. */
function confusionInputs(size: number): { prob: Float32Array; gt: Uint8Array } {
  const rng = createRng(7);
  const prob = new Float32Array(size * size), gt = new Uint8Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const s = 0.5 + 0.35 * Math.sin(x / 23) * Math.cos(y / 31);
      prob[i] = Math.min(1, Math.max(0, s + 0.2 * (rng.next() - 0.5)));
      gt[i] = s + 0.1 * (rng.next() - 0.5) >= 0.5 ? 255 : 0;
    }
  return { prob, gt };
}

/** Worker errors arrive as plain {code, message} (src/errors.ts); page.evaluate reports only Errors well. */
async function asError<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Error) throw e;
    const { code, message } = (e ?? {}) as { code?: string; message?: string };
    throw new Error(message ? `${code ?? 'error'}: ${message}` : String(e));
  }
}

const same = (a: Confusion, b: Confusion) => a.tp === b.tp && a.fp === b.fp && a.fn === b.fn && a.tn === b.tn;

async function timeConfusion(size: number, reps: number, threshold: number): Promise<ConfusionTiming> {
  const { prob, gt } = confusionInputs(size);
  const cpuMs: number[] = [];
  let ref!: Confusion;
  confusion(prob, gt, threshold); // warm the JIT
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    ref = confusion(prob, gt, threshold);
    cpuMs.push(performance.now() - t0);
  }
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { size, reps, cpuMs, gpuMs: null, countsMatch: null, gpuNote: navigator.gpu ? 'requestAdapter() returned null' : 'no navigator.gpu' };
  const device = await adapter.requestDevice({
    label: 'bench confusion',
    // 2048² f32 is 16 MiB, under the default 128 MiB binding limit; ask for the adapter's limits anyway.
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  });
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (e) => errors.push((e as GPUUncapturedErrorEvent).error.message));
  const gpuNote = describeAdapter(adapter.info ?? {}).description;
  // Upload once: the studio keeps the probability map on the GPU, so only dispatch + readback is the cost.
  const probBuf = createBufferFrom(device, prob, GPUBufferUsage.STORAGE, 'bench prob');
  const gtBuf = uploadMask(device, gt);
  try {
    let got = await runConfusion(device, probBuf, gtBuf, prob.length, threshold); // pipeline compile
    const gpuMs: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      got = await runConfusion(device, probBuf, gtBuf, prob.length, threshold);
      gpuMs.push(performance.now() - t0);
    }
    if (errors.length) throw new Error(`WebGPU errors during the confusion timing: ${errors.join('; ')}`);
    return { size, reps, cpuMs, gpuMs, countsMatch: same(got, ref), gpuNote };
  } finally {
    probBuf.destroy();
    gtBuf.destroy();
    device.destroy();
  }
}

/** The file input the CLI fills with `setInputFiles` (a disk-backed File: the page never holds its bytes). */
const largeInput = Object.assign(document.createElement('input'), { type: 'file', id: 'large-file' });
document.body.appendChild(largeInput);

const bench: SegBench = {
  large: (options, threshold, fitWidth) => asError(async () => {
    const file = largeInput.files?.[0];
    if (!file) throw new Error('no file in #large-file');
    const { view, large, openMs, firstPreviewMs, firstFitMs, fitDrawMs, fitDrawsMs, fit } = await benchLargeView(file, fitWidth);
    const { width, height } = view;
    const timed = async <T>(f: () => Promise<T>) => {
      const a = performance.now();
      await f();
      return performance.now() - a;
    };
    log(`large ${file.name}: ${width}×${height} opened in ${Math.round(openMs)} ms${large ? `, first Fit ${Math.round(firstFitMs!)} ms (preview ${Math.round(firstPreviewMs!)} ms), Fit ${fitDrawsMs.map(Math.round).join(' / ')} ms` : ' (whole-plane image)'}`);
    let last = 0;
    const run = await workerClient.segmentLarge(view.imageId, options, (p) => {
      if (p.stage === 'inference' && (p.done === p.total || p.done - last >= Math.max(1, Math.ceil(p.total / 10)))) {
        last = p.done;
        log(`large ${options.modelId}: ${p.done}/${p.total} tiles${p.etaMs !== undefined ? `, ETA ${Math.round(p.etaMs / 1000)} s` : ''}`);
      }
    });
    const fitOverlayMs = await timed(() => workerClient.renderRunOverlay(run.runId, fit, threshold));
    const c0 = performance.now();
    const counts = await workerClient.largeRunCounts(run.runId, threshold);
    return { width, height, kind: large ? 'large' : 'whole', openMs, firstPreviewMs, firstFitMs, fitDrawMs, fitOverlayMs, run, counts, countsMs: performance.now() - c0 };
  }),
  largeView: (fitWidth) => asError(async () => {
    const file = largeInput.files?.[0];
    if (!file) throw new Error('no file in #large-file');
    const { view: _v, large: _l, ...t } = await benchLargeView(file, fitWidth);
    return t;
  }),
  env: () => asError(async () => ({
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: self.crossOriginIsolated,
    webgpu: await workerClient.probeBackend('webgpu'),
    wasm: await workerClient.probeBackend('wasm'),
  })),
  models: () => asError(() => workerClient.listModels()),
  segment: (url, name, options, threshold) => asError(async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`bench input ${url}: HTTP ${res.status}`);
    const view = await workerClient.openImage(await res.arrayBuffer(), name);
    if ('kind' in view) throw new Error(`bench input ${name} is a large image (${view.width}×${view.height}): the large bench route streams it`);
    log(`${options.backend} ${options.modelId}: ${view.width}×${view.height} opened`);
    let last = 0;
    const summary = await workerClient.segment(view.imageId, options, (p) => {
      // A line every ~10 % of the tiles, so a slow backend shows it is alive.
      if (p.stage === 'inference' && (p.done === p.total || p.done - last >= Math.max(1, Math.ceil(p.total / 10)))) {
        last = p.done;
        log(`${options.backend} ${options.modelId}: ${p.done}/${p.total} tiles`);
      }
    });
    const overlay = await workerClient.renderOverlay({ runId: summary.runId, threshold, mode: 'mask' });
    return { summary, foregroundPixels: overlay.foregroundPixels };
  }),
  confusion: (size, reps, threshold) => timeConfusion(size, reps, threshold),
  finetune: (opts) => asError(() => benchFinetuneBrowser(opts, log)),
};

window.segBench = bench;
log('segBench ready');
