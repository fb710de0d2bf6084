/**
 * Arguments of `npm run segment` (pure: no file system). Two modes:
 *
 *   segment: --model ID|FILE.onnx --out DIR [--channel N] [--planes all|N] [--masks DIR] [--threshold T]
 *            [--shard I/N] [--resume] [--jobs K] [--threads T] [--batch B] [--models-dir DIR] [--quiet] FILES_OR_DIRS...
 *   merge:   --merge --out DIR SHARD_DIRS_OR_CSVS...
 *
 * `--channel` and `--planes` count from 0, as OME does. `--shard I/N` counts I from 1 (shards 1/2 and 2/2, as
 * Jest's and pytest-split's `--shard`): the k-th sorted input (k from 0) belongs to shard (k mod N) + 1.
 */

/** Thrown for bad arguments: the CLI prints its message on one line and exits with 2. */
export class UsageError extends Error {}

export interface Shard {
  /** 1..count */
  index: number;
  count: number;
}

export interface SegmentArgs {
  mode: 'segment' | 'merge';
  /** A manifest id, or a path to an .onnx file. */
  model: string;
  out: string;
  /** Model input channel (0-based); undefined: the source's default (luminance for RGB, else 0). */
  channel?: number;
  /** 'all' or one linear plane index t·Z + z (0-based). */
  planes: 'all' | number;
  masks?: string;
  /** Probability threshold; undefined: the model card's. */
  threshold?: number;
  shard?: Shard;
  resume: boolean;
  /** Images processed in parallel (each with its own onnxruntime session). */
  jobs: number;
  /** onnxruntime intra-op threads per session; undefined: cores ÷ jobs. */
  threads?: number;
  /** Tiles per session.run. */
  batch: number;
  modelsDir: string;
  quiet: boolean;
  help: boolean;
  /** Files or directories (segment), or shard directories / summary CSVs (merge). */
  inputs: string[];
}

export const USAGE =
  'usage: npm run segment -- --model ID|FILE.onnx --out DIR [--channel N] [--planes all|N] [--masks DIR] [--threshold T] ' +
  '[--shard I/N] [--resume] [--jobs K] [--threads T] [--batch B] [--models-dir DIR] [--quiet] FILES_OR_DIRS... ' +
  '| npm run segment -- --merge --out DIR SHARD_DIRS_OR_CSVS...';

const FLAGS = new Set(['resume', 'quiet', 'merge', 'help']);
const VALUED = new Set(['model', 'out', 'channel', 'planes', 'masks', 'threshold', 'shard', 'jobs', 'threads', 'batch', 'models-dir']);

/** A non-negative (or positive) integer option value, or a UsageError naming the option. */
function int(key: string, raw: string, min: number): number {
  const x = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(x) || x < min)
    throw new UsageError(`--${key} must be an integer ≥ ${min}, got "${raw}"`);
  return x;
}

/** `I/N` with 1 ≤ I ≤ N. */
export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!m) throw new UsageError(`--shard must be I/N (e.g. 1/4), got "${raw}"`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard ${raw}: I counts from 1 to N (shards 1/${Math.max(1, count)} … ${Math.max(1, count)}/${Math.max(1, count)})`);
  return { index, count };
}

/** Parse argv (without node and script); throws UsageError. */
export function parseSegmentArgs(argv: string[], defaults: { modelsDir: string }): SegmentArgs {
  const v = new Map<string, string>();
  const inputs: string[] = [];
  let positionalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (positionalOnly || !a.startsWith('--')) { inputs.push(a); continue; }
    if (a === '--') { positionalOnly = true; continue; }
    const eq = a.indexOf('=');
    const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (FLAGS.has(key)) {
      if (eq >= 0) throw new UsageError(`--${key} takes no value`);
      v.set(key, 'true');
      continue;
    }
    if (!VALUED.has(key)) throw new UsageError(`unknown option --${key}`);
    const val = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (val === undefined || (eq < 0 && val.startsWith('--'))) throw new UsageError(`--${key} needs a value`);
    if (v.has(key)) throw new UsageError(`--${key} given twice`);
    v.set(key, val);
  }
  const help = v.has('help');
  const mode = v.has('merge') ? 'merge' : 'segment';
  const base: SegmentArgs = {
    mode, model: v.get('model') ?? '', out: v.get('out') ?? '', planes: 'all', resume: v.has('resume'), jobs: 1, batch: 16,
    modelsDir: v.get('models-dir') ?? defaults.modelsDir, quiet: v.has('quiet'), help, inputs,
  };
  if (help) return base;
  if (!base.out) throw new UsageError('--out DIR is required');
  if (mode === 'merge') {
    const extra = [...v.keys()].filter((k) => !['merge', 'out', 'quiet'].includes(k));
    if (extra.length) throw new UsageError(`--merge takes only --out and shard directories or CSVs, not --${extra[0]}`);
    if (!inputs.length) throw new UsageError('--merge needs shard directories or summary CSVs to merge');
    return base;
  }
  if (!base.model) throw new UsageError('--model ID (or a path to an .onnx file) is required');
  if (!inputs.length) throw new UsageError('no input files or directories given');
  const args: SegmentArgs = { ...base };
  if (v.has('channel')) args.channel = int('channel', v.get('channel')!, 0);
  const planes = v.get('planes');
  if (planes !== undefined) args.planes = planes === 'all' ? 'all' : int('planes', planes, 0);
  if (v.has('masks')) args.masks = v.get('masks');
  if (v.has('threshold')) {
    const raw = v.get('threshold')!, t = Number(raw);
    if (raw.trim() === '' || !(t >= 0 && t <= 1)) throw new UsageError(`--threshold must lie in [0, 1], got "${raw}"`);
    args.threshold = t;
  }
  if (v.has('shard')) args.shard = parseShard(v.get('shard')!);
  if (v.has('jobs')) args.jobs = int('jobs', v.get('jobs')!, 1);
  if (v.has('threads')) args.threads = int('threads', v.get('threads')!, 1);
  if (v.has('batch')) args.batch = int('batch', v.get('batch')!, 1);
  return args;
}

/** The inputs of one shard: the k-th item (k from 0, in the given sorted order) goes to shard (k mod N) + 1. */
export function shardOf<T>(items: readonly T[], shard?: Shard): T[] {
  if (!shard) return [...items];
  return items.filter((_, k) => k % shard.count === shard.index - 1);
}

/** The per-shard summary's file name: summary.csv for an unsharded run, else summary.shard-I-of-N.csv. */
export const summaryFileName = (shard?: Shard): string => (shard ? `summary.shard-${shard.index}-of-${shard.count}.csv` : 'summary.csv');
