/**
 * Evaluate a model of the manifest on a folder of images and ground-truth masks, through the studio's own
 * pipeline (decode → normalise → overlap-tile with onnxruntime-node → threshold → IoU/Dice).
 *
 *   npm run eval -- --data DIR [--split FILE --set NAME] --model ID|FILE.onnx [--json FILE] [--out DIR2]
 *                   [--threshold T] [--models-dir public/models] [--batch 16] [--threads N] [--write-manifest]
 *
 * DIR holds images/ and masks/ with matching base names (PNG or TIFF; masks 0/255 or instance labels,
 * foreground > 0). --write-manifest stores the means as card.metrics in <models-dir>/models.json.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOptions, runCli, type Io } from './cliArgs';
import { listPairs } from './dataset';
import { evaluatePairs, type EvalResult } from './evalCore';
import { setLabel, toMetrics, writeMetrics } from './manifestMetrics';
import { DEFAULT_MODELS_DIR, openModel } from './nodeSession';
import { resolveModel } from './segmentModel';

export interface EvalArgs {
  data: string;
  split?: string;
  set?: string;
  model: string;
  json?: string;
  out?: string;
  threshold?: number;
  modelsDir: string;
  batch: number;
  threads?: number;
  writeManifest: boolean;
}

export const USAGE = 'usage: npm run eval -- --data DIR [--split FILE --set NAME] --model ID|FILE.onnx [--json FILE] [--out DIR] ' +
  '[--threshold T] [--models-dir public/models] [--batch 16] [--threads N] [--write-manifest]';

export function parseArgs(argv: string[]): EvalArgs {
  const v = readOptions(argv, new Set(['data', 'split', 'set', 'model', 'json', 'out', 'threshold', 'models-dir', 'batch', 'threads']), new Set(['write-manifest']), USAGE);
  if (!v.data) throw new Error(`--data DIR is required\n${USAGE}`);
  if (!v.model) throw new Error(`--model ID (or a path to an .onnx file) is required\n${USAGE}`);
  if (!!v.split !== !!v.set) throw new Error(`--split FILE and --set NAME go together\n${USAGE}`);
  const num = (k: string) => {
    if (v[k] === undefined) return undefined;
    const x = Number(v[k]);
    if (!Number.isFinite(x)) throw new Error(`--${k} must be a number, got "${v[k]}"`);
    return x;
  };
  const threshold = num('threshold');
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must lie in [0, 1], got ${threshold}`);
  const batch = num('batch') ?? 16;
  if (!(batch >= 1 && Number.isInteger(batch))) throw new Error(`--batch must be a positive integer, got ${v.batch}`);
  return {
    data: v.data, split: v.split, set: v.set, model: v.model, json: v.json, out: v.out, threshold,
    modelsDir: v['models-dir'] ?? DEFAULT_MODELS_DIR, batch, threads: num('threads'), writeManifest: v['write-manifest'] === 'true',
  };
}

const fmt = (x: number) => x.toFixed(4);

export function formatTable(r: EvalResult): string {
  const w = Math.max(5, ...r.images.map((i) => i.name.length));
  const lines = [`${'image'.padEnd(w)}  ${'IoU'.padStart(6)}  ${'Dice'.padStart(6)}`];
  for (const i of r.images) lines.push(`${i.name.padEnd(w)}  ${fmt(i.iou)}  ${fmt(i.dice)}`);
  lines.push(`${'mean'.padEnd(w)}  ${fmt(r.mean.iou)}  ${fmt(r.mean.dice)}`);
  return lines.join('\n');
}

export type { Io } from './cliArgs';

/** Run the eval CLI; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runEval(argv: string[], io: Io = { log: console.log, error: console.error }): Promise<{ code: number; result?: EvalResult }> {
  return runCli(argv, io, parseArgs, async (args) => {
    // An id of the manifest, or an .onnx file (its card beside it as .json, else the own-model defaults).
    const { card, dir } = await resolveModel(args.model, args.modelsDir);
    const split = args.split && args.set ? { file: args.split, set: args.set } : undefined;
    const { pairs, unmatched } = listPairs(args.data, split);
    if (unmatched.length) io.error(`note: ${unmatched.length} image(s) without a mask skipped: ${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? ', …' : ''}`);
    const model = await openModel(card, dir, { threads: args.threads });
    let result: EvalResult;
    const t0 = performance.now();
    try {
      result = await evaluatePairs(model, pairs, { threshold: args.threshold, batch: args.batch, outDir: args.out });
    } finally {
      await model.release();
    }
    io.log(`model ${card.id} (${card.name}), threshold ${result.threshold}, ${pairs.length} image(s), tile ${card.tiling.tile} halo ${card.tiling.halo} ${card.tiling.blend}`);
    io.log(formatTable(result));
    io.log(`mean IoU ${fmt(result.mean.iou)}  mean Dice ${fmt(result.mean.dice)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
      io.log(`wrote ${resolve(args.json)}`);
    }
    if (args.out) io.log(`wrote ${pairs.length} mask(s) to ${resolve(args.out)}`);
    if (args.writeManifest) {
      if (card.fixture) throw new Error(`${card.id} is a fixture model: its metrics are not written to the manifest`);
      const metrics = toMetrics(result, setLabel(args.data, split));
      writeMetrics(args.modelsDir, card.id, metrics);
      io.log(`models.json: ${card.id}.metrics = ${JSON.stringify(metrics)}`);
    }
    return { code: 0, result };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runEval(process.argv.slice(2)).then(({ code }) => process.exit(code));
}
