/**
 * `npm run segment`: the studio's pipeline headless (onnxruntime-node), for folders of images and cluster shards.
 *
 *   npm run segment -- --model ID|FILE.onnx --out DIR [--channel N] [--planes all|N] [--masks DIR] [--threshold T]
 *                      [--shard I/N] [--resume] [--jobs K] [--threads T] [--batch B] [--stream-above MP]
 *                      [--budget-mb N] [--stream-tile auto|card] [--ome-zarr] [--quiet] FILES_OR_DIRS...
 *   npm run segment -- --merge --out DIR SHARD_DIRS_OR_CSVS...
 *
 * Planes above --stream-above megapixels (default 25) are streamed region by region (segmentLarge.ts): memory is
 * bounded by --budget-mb, not by the image, and their labels are a tiled BigTIFF (no mask PNG); --ome-zarr also
 * writes them with the image as NAME.ome.zarr (OME-NGFF 0.4).
 * Writes DIR/NAME.labels.tif, DIR/NAME.mask.png (one-plane results), DIR/NAME.row.csv (per-image rows, the
 * --resume marker) and DIR/summary.csv — or DIR/summary.shard-I-of-N.csv with --shard, which --merge combines
 * into the summary.csv a single run writes, byte for byte. Exit codes: 0 all done, 1 a file (or a merge) failed,
 * 2 bad arguments. Failures are one `path: message` line each on stderr; progress goes to stderr unless --quiet.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODELS_DIR } from './nodeSession';
import { peakRssMb } from './peakRss';
import { parseSegmentArgs, shardOf, summaryFileName, UsageError, USAGE, type SegmentArgs } from './segmentArgs';
import { formatSummary, mergeLines, parseSummary, shardFiles, type SummaryLine } from './segmentCsv';
import { expandInputs, indexMasks, maskFor, type InputItem } from './segmentInputs';
import { resolveModel, type ResolvedModel } from './segmentModel';
import { completeOutputs, writeAtomic } from './segmentOutputs';
import { runPool, type ImageJob } from './segmentRun';

export interface Io {
  /** Final results (stdout). */
  log: (s: string) => void;
  /** Progress and failures (stderr). */
  error: (s: string) => void;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Run the CLI; resolves to the exit code (0 ok, 1 a file or the merge failed, 2 bad usage). */
export async function runSegment(argv: string[], io: Io = { log: console.log, error: console.error }): Promise<number> {
  let args: SegmentArgs;
  let items: InputItem[] = [];
  let masks: Map<string, string> | undefined;
  let model: ResolvedModel | undefined;
  try {
    args = parseSegmentArgs(argv, { modelsDir: DEFAULT_MODELS_DIR });
    if (args.help) { io.log(USAGE); return 0; }
    if (args.mode === 'merge') return runMerge(args, io);
    items = expandInputs(args.inputs);
    masks = args.masks ? indexMasks(args.masks) : undefined;
    model = await resolveModel(args.model, args.modelsDir);
  } catch (e) {
    const msg = oneLine((e as Error).message);
    io.error(`error: ${msg}${e instanceof UsageError ? ` (${USAGE})` : ''}`);
    return 2;
  }
  return runImages(args, items, masks, model, io);
}

async function runImages(args: SegmentArgs, all: InputItem[], masks: Map<string, string> | undefined, model: ResolvedModel, io: Io): Promise<number> {
  const progress = (s: string) => { if (!args.quiet) io.error(s); };
  const mine = shardOf(all, args.shard);
  mkdirSync(args.out, { recursive: true });
  const lines: SummaryLine[] = [];
  const jobs: ImageJob[] = [];
  let failed = 0, skipped = 0;
  for (const it of mine) {
    if (it.problem) { io.error(`${it.path}: ${it.problem}`); failed++; continue; }
    const done = args.resume ? completeOutputs(args.out, it.name, args.formats) : undefined;
    if (done) { lines.push(...done); skipped++; continue; }
    jobs.push({ path: it.path, name: it.name, maskPath: maskFor(masks, it.path) });
  }
  removeStaleTemps(args.out, new Set(jobs.map((j) => j.name)));
  // availableParallelism follows the CPU affinity a batch system gives the job (Slurm's cpus-per-task), cpus() does not.
  const threads = args.threads ?? Math.max(1, Math.floor(availableParallelism() / Math.min(args.jobs, Math.max(1, jobs.length))));
  const { card } = model;
  const shardText = args.shard ? `shard ${args.shard.index}/${args.shard.count}: ${mine.length} of ${all.length} inputs` : `${all.length} inputs`;
  progress(`segment: ${shardText}, ${skipped} complete (skipped), ${jobs.length} to segment with ${card.id} ` +
    `(tile ${card.tiling.tile}, halo ${card.tiling.halo}, threshold ${args.threshold ?? card.threshold}), ` +
    `${Math.min(args.jobs, Math.max(1, jobs.length))} job(s) × ${threads} thread(s)`);
  const t0 = performance.now();
  const tag = (i: number) => `[${i + 1}/${jobs.length}]`;
  const results = await runPool(jobs, {
    model, threads, out: args.out,
    image: { channel: args.channel, planes: args.planes, threshold: args.threshold, batch: args.batch, keepRaw: args.formats.includes('csv') || args.formats.includes('geojson'), streamAboveMp: args.streamAboveMp, budgetMb: args.budgetMb, streamTile: args.streamTile, omeZarr: args.omeZarr },
    output: { formats: args.formats, filter: args.minArea !== undefined ? { minArea: args.minArea } : undefined },
  }, args.jobs, {
    plane: (job, i, k, n, row) => {
      progress(`${tag(i)} ${job.name}: plane ${row.plane} (${k}/${n}), ${row.objects} objects`);
      for (const w of row.warnings ?? []) io.error(`${job.path}: plane ${row.plane}: warning: ${oneLine(w)}`); // even with --quiet: not progress
    },
    done: (job, i, _l, ms) => progress(`${tag(i)} ${job.name}: done in ${secs(ms)}`),
    failed: (job, _i, message) => { io.error(`${job.path}: ${oneLine(message)}`); failed++; },
  }).catch((e: Error) => {
    io.error(`error: ${oneLine(e.message)}`); // a runner could not start (e.g. the model cannot be opened)
    failed += jobs.length;
    return [];
  });
  for (const r of results) if (r) lines.push(...r);
  const summary = join(args.out, summaryFileName(args.shard));
  writeAtomic(summary, formatSummary(lines));
  const done = results.filter(Boolean).length;
  progress(`segment: ${done} segmented, ${skipped} skipped, ${failed} failed in ${secs(performance.now() - t0)}, peak memory ${Math.round(peakRssMb())} MB`);
  io.log(`wrote ${resolve(summary)} (${lines.length} row${lines.length === 1 ? '' : 's'})`);
  return failed ? 1 : 0;
}

/** Temporary files of a killed run (writeAtomic's NAME.ext.tmp-PID-THREAD) for the images about to be redone. */
function removeStaleTemps(out: string, names: Set<string>): void {
  for (const f of readdirSync(out)) {
    const m = /^(.*)\.(labels\.tif|mask\.png|row\.csv|ome\.zarr)\.tmp-\d+-\d+$/.exec(f);
    if (m && names.has(m[1])) rmSync(join(out, f), { recursive: true, force: true }); // .ome.zarr temps are directories
  }
}

/** The summaries a merge argument stands for: a CSV, or a directory's shard summaries (else its summary.csv). */
function summariesOf(arg: string): string[] {
  if (!existsSync(arg)) throw new Error(`${arg}: not found`);
  if (!statSync(arg).isDirectory()) return [arg];
  const { files, missing } = shardFiles(readdirSync(arg));
  if (missing.length) throw new Error(`${arg}: shard summaries missing: ${missing.join(', ')} (run those shards first)`);
  if (files.length) return files.map((f) => join(arg, f));
  if (existsSync(join(arg, 'summary.csv'))) return [join(arg, 'summary.csv')];
  throw new Error(`${arg}: no summary.shard-I-of-N.csv or summary.csv in this directory`);
}

function runMerge(args: SegmentArgs, io: Io): number {
  const out = join(args.out, 'summary.csv');
  try {
    const files = [...new Set(args.inputs.flatMap(summariesOf).map((f) => resolve(f)))];
    const parts = files.map((f) => ({ source: f, lines: parseSummary(readFileSync(f, 'utf8'), f) }));
    const lines = mergeLines(parts);
    mkdirSync(args.out, { recursive: true });
    writeAtomic(out, formatSummary(lines));
    io.log(`merged ${files.length} summar${files.length === 1 ? 'y' : 'ies'} (${lines.length} rows) into ${resolve(out)}`);
    return 0;
  } catch (e) {
    io.error(`error: ${oneLine((e as Error).message)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runSegment(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
