/**
 * The `cli` section of `npm run bench` (issue #13): images per minute of `npm run segment` on the ISBI 2012 EM
 * test slices (split.json "test", 512² each) at 1 and 2 jobs. Each run is the CLI's own `runSegment` in this
 * process (tsx), timed from the call to the summary written — model resolution, session or worker start-up,
 * decoding, tiling, inference, labelling and every output file included; only Node's own start is not.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSegment } from './segment';

export interface CliRun {
  jobs: number;
  threadsPerJob: number;
  images: number;
  ms: number;
  imagesPerMin: number;
}

export interface CliBench {
  model: string;
  input: string;
  runs: CliRun[];
}

/** Images per minute from a count and milliseconds, to 0.1. */
export const perMinute = (images: number, ms: number): number => Math.round((images / (ms / 60_000)) * 10) / 10;

/** Segment the EM test slices with `model` once per entry of `jobs`; throws when a run fails. */
export async function benchCli(dataRoot: string, model: string, modelsDir: string, jobs: readonly number[] = [1, 2],
  log: (s: string) => void = () => {}): Promise<CliBench> {
  const em = join(dataRoot, 'isbi2012_em');
  const names = (JSON.parse(readFileSync(join(em, 'split.json'), 'utf8')) as { test: string[] }).test;
  const files = names.map((n) => join(em, 'images', `${n}.png`));
  const runs: CliRun[] = [];
  for (const k of jobs) {
    const out = mkdtempSync(join(tmpdir(), 'bench-cli-'));
    const threads = Math.max(1, Math.floor(availableParallelism() / k));
    const errors: string[] = [];
    const t0 = performance.now();
    const code = await runSegment(['--model', model, '--models-dir', modelsDir, '--out', out, '--jobs', String(k), '--threads', String(threads), '--quiet', ...files],
      { log: () => {}, error: (s) => errors.push(s) });
    const ms = performance.now() - t0;
    rmSync(out, { recursive: true, force: true });
    if (code !== 0) throw new Error(`npm run segment --jobs ${k} failed (exit ${code}): ${errors.join('; ')}`);
    const run = { jobs: k, threadsPerJob: threads, images: files.length, ms: Math.round(ms), imagesPerMin: perMinute(files.length, ms) };
    log(`cli ${model}: ${run.images} EM test slices with ${k} job(s) × ${threads} thread(s) in ${(ms / 1000).toFixed(1)} s = ${run.imagesPerMin} images/min`);
    runs.push(run);
  }
  return { model, input: `ISBI 2012 EM test slices ${names.join(', ')} (512×512)`, runs };
}

/** The report keys: cli_images_per_min_1job, cli_images_per_min_2jobs (…_Kjobs), and the runs in detail. */
export function cliReport(b: CliBench | { error: string }): Record<string, unknown> {
  if ('error' in b) return { cli_images_per_min_1job: null, cli_images_per_min_2jobs: null, cli_error: b.error };
  const out: Record<string, unknown> = {};
  for (const r of b.runs) out[`cli_images_per_min_${r.jobs}job${r.jobs === 1 ? '' : 's'}`] = r.imagesPerMin;
  out.cli = b;
  return out;
}
