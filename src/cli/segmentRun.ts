/**
 * Running the images of `npm run segment`: `--jobs K` runners take images from one queue. With K = 1 the runner
 * is this thread; with K > 1 each runner is a worker thread (segmentWorker.ts) with its own onnxruntime session
 * of `--threads T` intra-op threads, because onnxruntime-node's `session.run` blocks the JavaScript thread that
 * calls it (it only defers the call with setImmediate): parallel images need parallel threads.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { openModel, type ModelSession } from './nodeSession';
import type { SummaryLine, SummaryRow } from './segmentCsv';
import { segmentImage, type ImageOptions } from './segmentImage';
import type { ResolvedModel } from './segmentModel';
import { openImageWriter, outputPaths, type ImageWriter } from './segmentOutputs';

/** One image to segment. */
export interface ImageJob {
  path: string;
  name: string;
  maskPath?: string;
}

/** Everything a runner needs besides the job (plain data: it crosses to worker threads). */
export interface RunConfig {
  model: ResolvedModel;
  threads: number;
  out: string;
  image: Omit<ImageOptions, 'maskPath' | 'onPlane'>;
}

export type PlaneProgress = (k: number, n: number, row: SummaryRow) => void;

/** Segment one image and write its outputs; the old sidecar goes first, so a failure leaves it incomplete for --resume. */
export async function processImage(model: ModelSession, job: ImageJob, cfg: RunConfig, onPlane?: PlaneProgress): Promise<SummaryLine[]> {
  rmSync(outputPaths(cfg.out, job.name).row, { force: true });
  let writer: ImageWriter | undefined;
  try {
    await segmentImage(job.path, job.name, model, { ...cfg.image, maskPath: job.maskPath, onPlane }, (meta) => (writer = openImageWriter(cfg.out, meta)));
    return writer!.finish();
  } catch (e) {
    writer?.abort();
    throw e;
  }
}

export interface Runner {
  run(job: ImageJob, onPlane?: PlaneProgress): Promise<SummaryLine[]>;
  close(): Promise<void>;
}

/** The runner on this thread. The model's sha256 was checked when it was resolved/opened first. */
export async function localRunner(cfg: RunConfig): Promise<Runner> {
  const model = await openModel(cfg.model.card, cfg.model.dir, { threads: cfg.threads });
  return { run: (job, onPlane) => processImage(model, job, cfg, onPlane), close: () => model.release() };
}

/** The worker's entry URL; under tsx (a .ts module) the worker registers tsx's loader before importing it. */
function workerUrl(): URL {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './segmentWorker.ts' : './segmentWorker.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return entry;
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(entry.href)});`;
  return new URL('data:text/javascript,' + encodeURIComponent(boot));
}

type FromWorker =
  | { type: 'ready' }
  | { type: 'plane'; k: number; n: number; row: SummaryRow }
  | { type: 'done'; lines: SummaryLine[] }
  | { type: 'failed'; message: string };

/** A runner in a worker thread; one job at a time. */
export function workerRunner(cfg: RunConfig): Promise<Runner> {
  const w = new Worker(workerUrl(), { workerData: cfg });
  let current: { resolve: (l: SummaryLine[]) => void; reject: (e: Error) => void; onPlane?: PlaneProgress } | undefined;
  let dead: Error | undefined;
  const exited = new Promise<void>((r) => w.once('exit', () => r()));
  return new Promise((resolveReady, rejectReady) => {
    const onError = (e: Error) => {
      dead ??= e;
      if (current) current.reject(e);
      else rejectReady(e);
      current = undefined;
    };
    w.on('error', onError);
    w.on('exit', (code) => onError(new Error(`worker thread exited (code ${code})`)));
    w.on('message', (m: FromWorker) => {
      if (m.type === 'ready') resolveReady({
        run: (job, onPlane) => new Promise((resolve, reject) => {
          if (dead) return reject(dead); // a crashed worker fails the rest of its queue share instead of hanging
          current = { resolve, reject, onPlane };
          w.postMessage(job);
        }),
        close: async () => { if (!dead) w.postMessage(null); await exited; },
      });
      else if (m.type === 'plane') current?.onPlane?.(m.k, m.n, m.row);
      else if (m.type === 'failed') { const c = current; current = undefined; c?.reject(new Error(m.message)); }
      else { const c = current; current = undefined; c?.resolve(m.lines); }
    });
  });
}

/** Hooks of a pool run: the image starts, makes progress, ends. `index` is the job's position in the list. */
export interface PoolEvents {
  start?: (job: ImageJob, index: number) => void;
  plane?: (job: ImageJob, index: number, k: number, n: number, row: SummaryRow) => void;
  done?: (job: ImageJob, index: number, lines: SummaryLine[], ms: number) => void;
  failed?: (job: ImageJob, index: number, message: string) => void;
}

/** Run every job on `jobs` runners (the order of completion may vary; results are per job). */
export async function runPool(jobs: readonly ImageJob[], cfg: RunConfig, parallel: number, ev: PoolEvents = {}): Promise<(SummaryLine[] | undefined)[]> {
  const results: (SummaryLine[] | undefined)[] = new Array(jobs.length);
  if (!jobs.length) return results;
  const k = Math.min(parallel, jobs.length);
  const started = await Promise.allSettled(k === 1 ? [localRunner(cfg)] : Array.from({ length: k }, () => workerRunner(cfg)));
  const runners = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failedStart = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failedStart) { // e.g. the model cannot be opened: stop the runners that did start, so the process can exit
    await Promise.all(runners.map((r) => r.close()));
    throw failedStart.reason;
  }
  let next = 0;
  const loop = async (r: Runner) => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      ev.start?.(job, i);
      const t0 = performance.now();
      try {
        results[i] = await r.run(job, (kk, n, row) => ev.plane?.(job, i, kk, n, row));
        ev.done?.(job, i, results[i]!, performance.now() - t0);
      } catch (e) {
        ev.failed?.(job, i, e instanceof Error ? e.message : String(e));
      }
    }
  };
  try {
    await Promise.all(runners.map(loop));
  } finally {
    await Promise.all(runners.map((r) => r.close()));
  }
  return results;
}
