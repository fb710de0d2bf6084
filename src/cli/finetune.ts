/**
 * `npm run finetune -- --model ID|FILE.onnx --data DIR --steps N --out FILE.onnx`
 *
 * Fine-tunes a U-Net on DIR/images + DIR/masks (the layout of `npm run synth` and training/folder_data.py) with
 * the same code as the studio's "Fine-tune" panel (src/finetune/, TensorFlow.js on its WASM backend here), and
 * writes FILE.onnx (the base model's graph with the new weights) and FILE.json (its card: base model, pairs,
 * steps, augmentation, validation IoU), which `npm run eval/segment -- --model FILE.onnx` read.
 * Runs under `tsx --import ./src/cli/tfjsNodeImport.mjs` (package.json), see that file for why.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from '../models/manifest';
import { normalize } from '../tiling/normalize';
import { FINETUNE_AUGMENT, NO_AUGMENT, type TrainPair } from '../finetune/augment';
import { useBackend, type TrainBackend } from '../finetune/backend';
import { finetuneCard } from '../finetune/card';
import '../finetune/nodeBackends';
import { readOnnx, writeOnnx } from '../finetune/onnxModel';
import { finetune, FINETUNE_DEFAULTS, type FinetuneOptions, type FinetuneResult } from '../finetune/train';
import { readOptions, runCli, type Io } from './cliArgs';
import { listPairs } from './dataset';
import { decodePair } from './evalCore';
import { DEFAULT_MODELS_DIR } from './nodeSession';
import { resolveModel } from './segmentModel';

export const USAGE = 'usage: npm run finetune -- --model ID|FILE.onnx --data DIR [--split FILE --set NAME] --out FILE.onnx [--steps 300] [--batch 4] ' +
  '[--crop 256] [--lr 1e-3] [--lr-mode relative|absolute] [--keep best|last] [--val-every 25] [--val-side 512] [--seed 1] [--no-augment] [--backend wasm|cpu] [--models-dir public/models]';

export interface FinetuneArgs {
  model: string;
  data: string;
  split?: { file: string; set: string };
  out: string;
  modelsDir: string;
  backend: TrainBackend;
  opts: FinetuneOptions;
}

export function parseArgs(argv: string[]): FinetuneArgs {
  const v = readOptions(argv, new Set(['model', 'data', 'split', 'set', 'out', 'steps', 'batch', 'crop', 'lr', 'lr-mode', 'keep', 'val-every', 'val-side', 'seed', 'backend', 'models-dir']),
    new Set(['no-augment']), USAGE);
  for (const k of ['model', 'data', 'out']) if (!v[k]) throw new Error(`--${k} is required\n${USAGE}`);
  if (!!v.split !== !!v.set) throw new Error(`--split FILE and --set NAME go together\n${USAGE}`);
  if (!v.out.toLowerCase().endsWith('.onnx')) throw new Error(`--out must name an .onnx file, got "${v.out}"`);
  const num = (k: string, d: number, int: boolean, min: number) => {
    if (v[k] === undefined) return d;
    const x = Number(v[k]);
    if (!Number.isFinite(x) || x < min || (int && !Number.isInteger(x))) throw new Error(`--${k} must be ${int ? 'an integer' : 'a number'} ≥ ${min}, got "${v[k]}"`);
    return x;
  };
  const backend = (v.backend ?? 'wasm') as TrainBackend;
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend must be wasm or cpu, got "${v.backend}"`);
  const choice = <T extends string>(k: string, allowed: readonly T[], d: T): T => {
    if (v[k] === undefined) return d;
    if (!allowed.includes(v[k] as T)) throw new Error(`--${k} must be ${allowed.join(' or ')}, got "${v[k]}"`);
    return v[k] as T;
  };
  const d = FINETUNE_DEFAULTS;
  return {
    model: v.model, data: v.data, split: v.split ? { file: v.split, set: v.set } : undefined, out: v.out, modelsDir: v['models-dir'] ?? DEFAULT_MODELS_DIR, backend,
    opts: {
      ...d, steps: num('steps', d.steps, true, 0), batch: num('batch', d.batch, true, 1), crop: num('crop', d.crop, true, 16),
      lr: num('lr', d.lr, false, 0), lrMode: choice('lr-mode', ['relative', 'absolute'] as const, d.lrMode),
      keep: choice('keep', ['best', 'last'] as const, d.keep), valEvery: num('val-every', d.valEvery, true, 1), valMaxSide: num('val-side', d.valMaxSide, true, 16), seed: num('seed', d.seed, true, 0),
      augment: v['no-augment'] ? NO_AUGMENT : FINETUNE_AUGMENT,
    },
  };
}

/** The pairs of DIR, normalised as the card says (what the studio feeds the network). */
export async function loadPairs(dir: string, card: ModelCard, split?: { file: string; set: string }): Promise<TrainPair[]> {
  const { pairs } = listPairs(dir, split);
  const out: TrainPair[] = [];
  for (const p of pairs) {
    const { raw, gt } = await decodePair(p);
    out.push({ name: p.name, width: raw.width, height: raw.height, image: normalize(raw, card.input.normalization), mask: gt.binary });
  }
  return out;
}

export type { Io } from './cliArgs';

/** Run the CLI; exit code 0 ok, 1 failed, 2 bad usage. */
export async function runFinetune(argv: string[], io: Io = { log: console.log, error: console.error }): Promise<{ code: number; result?: FinetuneResult; card?: ModelCard }> {
  return runCli(argv, io, parseArgs, async (args) => {
    const { card: base, dir } = await resolveModel(args.model, args.modelsDir);
    if (base.quantization) throw new Error(`${base.id} is an int8 model; fine-tune its float32 original (${base.quantization.of})`);
    const model = readOnnx(readFileSync(join(dir, base.file)), base.file);
    const pairs = await loadPairs(args.data, base, args.split);
    await useBackend(args.backend);
    io.log(`fine-tuning ${base.id} on ${pairs.length} pair(s) of ${args.data}: ${args.opts.steps} steps of ${args.opts.batch} × ${args.opts.crop}² crops, tfjs ${args.backend}`);
    // Validation thresholds as the studio and `npm run eval` do: the card's (the worker does the same).
    const opts = { ...args.opts, threshold: base.threshold };
    const result = await finetune(model, pairs, opts, base.input.tileMultiple, (p) => {
      if (p.valIou !== undefined) io.log(`step ${p.step}/${p.steps}${p.loss !== undefined ? `  loss ${p.loss.toFixed(4)}` : ''}  validation IoU ${p.valIou.toFixed(4)}  (best ${p.bestIou.toFixed(4)} at step ${p.bestStep}, ${p.stepsPerSecond.toFixed(2)} steps/s)`);
    });
    const onnx = writeOnnx(model, result.weights);
    writeFileSync(args.out, onnx);
    const file = basename(args.out);
    const id = `finetuned-${file.replace(/\.onnx$/i, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
    const card = finetuneCard({
      base, id, name: `${base.name}, fine-tuned`, file, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.length,
      data: basename(resolve(args.data)) + (args.split ? ` (${args.split.set} of ${basename(args.split.file)})` : ''), opts, result, backend: `tfjs ${args.backend} (Node)`, date: new Date().toISOString().slice(0, 10),
    });
    const jsonPath = args.out.replace(/\.onnx$/i, '.json');
    writeFileSync(jsonPath, JSON.stringify(card, null, 2) + '\n');
    io.log(`validation IoU ${result.baseIou.toFixed(4)} → ${result.bestIou.toFixed(4)} (step ${result.bestStep}); ${result.seconds.toFixed(0)} s`);
    io.log(`wrote ${resolve(args.out)} and ${resolve(jsonPath)}`);
    return { code: 0, result, card };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runFinetune(process.argv.slice(2)).then(({ code }) => process.exit(code));
}
