/**
 * `npm run finetune` learns, end to end through the CLI: cells-synthetic, whose weak spot is a magnification it
 * never saw (`npm run synth -- --zoom 3`: cells 3× larger, as under a stronger objective; held-out IoU ≈ 0.35),
 * fine-tuned on 8 synthetic DIC pairs with a new seed, gains ≥ 0.10 IoU on 8 held-out pairs, measured by
 * `npm run eval --model FILE.onnx` (onnxruntime-node, overlap-tile) with the card written beside the model.
 * And em-unet, fine-tuned for a few steps on EM training slices, changes every weight tensor and keeps its test
 * IoU within 0.005 with the last step's weights (not the best-weights safeguard).
 * Slow (tfjs WASM on one thread): the DIC test took 16 min on the shared 2-core machine at load average ~30;
 * on a free machine it should take a few minutes (not measured there).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOnnx } from '../finetune/onnxModel';
import { parseArgs as synthArgs, runSynth } from '../synth/cli';
import { runEval } from './eval';
import { parseArgs, runFinetune } from './finetune';

const quiet = { log: () => {}, error: (s: string) => console.error(s) };
const tmp = mkdtempSync(join(tmpdir(), 'finetune-'));

async function meanIou(data: string, model: string, extra: string[] = []): Promise<number> {
  const r = await runEval(['--data', data, '--model', model, '--threads', '1', ...extra], quiet);
  expect(r.code).toBe(0);
  return r.result!.mean.iou;
}

describe('npm run finetune', () => {
  it('parses its options and refuses bad ones with the usage', () => {
    const a = parseArgs(['--model', 'em-unet', '--data', 'd', '--out', 'x.onnx', '--steps', '5', '--no-augment']);
    expect(a.opts.steps).toBe(5);
    expect(a.opts.augment.elasticSigma).toBe(0);
    expect(() => parseArgs(['--model', 'em-unet', '--data', 'd', '--out', 'x.pt'])).toThrow('--out must name an .onnx file');
    expect(() => parseArgs(['--model', 'em-unet', '--data', 'd', '--out', 'x.onnx', '--steps', '-1'])).toThrow('--steps must be an integer ≥ 0');
    expect(() => parseArgs(['--data', 'd'])).toThrow('--model is required');
    const k = parseArgs(['--model', 'm', '--data', 'd', '--out', 'x.onnx', '--keep', 'last', '--lr-mode', 'absolute']);
    expect([k.opts.keep, k.opts.lrMode, k.opts.lr]).toEqual(['last', 'absolute', 1e-3]);
    expect(() => parseArgs(['--model', 'm', '--data', 'd', '--out', 'x.onnx', '--keep', 'first'])).toThrow('--keep must be best or last, got "first"');
  });

  it('a missing data folder is one clear line', async () => {
    const errors: string[] = [];
    const r = await runFinetune(['--model', 'cells-synthetic', '--data', join(tmp, 'nope'), '--out', join(tmp, 'x.onnx')], { log: () => {}, error: (s) => errors.push(s) });
    expect(r.code).toBe(1);
    expect(errors).toEqual([`error: data directory not found: ${join(tmp, 'nope')}`]);
  });

  it('cells-synthetic on 8 zoomed DIC pairs gains ≥ 0.10 IoU on 8 held-out pairs', async () => {
    const train = join(tmp, 'dic-train'), test = join(tmp, 'dic-test'), out = join(tmp, 'dic-ft.onnx');
    runSynth(synthArgs(['--kind', 'dic', '--n', '8', '--size', '256', '--seed', '1601', '--zoom', '3', '--out', train]));
    runSynth(synthArgs(['--kind', 'dic', '--n', '8', '--size', '256', '--seed', '1602', '--zoom', '3', '--out', test]));
    const before = await meanIou(test, 'cells-synthetic');
    const r = await runFinetune(['--model', 'cells-synthetic', '--data', train, '--steps', '40', '--batch', '4', '--crop', '128', '--val-every', '10', '--out', out], quiet);
    expect(r.code).toBe(0);
    const card = JSON.parse(readFileSync(out.replace(/\.onnx$/, '.json'), 'utf8'));
    expect(card.finetune.base).toBe('cells-synthetic');
    expect(card.finetune.pairs.train).toHaveLength(7);
    expect(card.finetune.pairs.validation).toEqual(['007']);
    const after = await meanIou(test, out);
    console.log(`cells-synthetic on zoomed DIC: held-out IoU ${before.toFixed(4)} → ${after.toFixed(4)}`);
    expect(before).toBeLessThan(0.6); // the shift is real: the base model is weak here
    expect(after - before).toBeGreaterThanOrEqual(0.1);
  }, 1_800_000);

  const em = '../shared/datasets/isbi2012_em';
  // The last step's weights, not the best (the safeguard would hide a training that degrades the model): they
  // must differ from the base and still score within 0.005 on the test slices. Plain Adam at lr 1e-4 failed
  // this (0.9055 → 0.9011 after 6 steps: it moved the tiny bottleneck weights by ~2.5 % a step), see RelativeAdam.
  it.skipIf(!existsSync(`${em}/split.json`))('em-unet fine-tuned on EM training slices changes its weights and keeps its test IoU within 0.005', async () => {
    const out = join(tmp, 'em-ft.onnx');
    const ft = await runFinetune(['--model', 'em-unet', '--data', em, '--split', `${em}/split.json`, '--set', 'train', '--steps', '6', '--batch', '2', '--crop', '128',
      '--val-every', '6', '--keep', 'last', '--out', out], quiet);
    expect(ft.code).toBe(0);
    expect(ft.card!.finetune!.bestStep).toBe(6);
    const base = readOnnx(readFileSync('public/models/em-unet.onnx')).weights, tuned = readOnnx(readFileSync(out)).weights;
    let changed = 0;
    for (const [name, t] of base) {
      const u = tuned.get(name)!.data;
      let d = 0, n = 0;
      for (let i = 0; i < u.length; i++) { d += (u[i] - t.data[i]) ** 2; n += t.data[i] ** 2; }
      if (Math.sqrt(d / n) > 1e-4) changed++; // relative change of the tensor
    }
    expect(changed).toBe(base.size); // every tensor trained
    const split = ['--split', `${em}/split.json`, '--set', 'test'];
    const baseIou = await meanIou(em, 'em-unet', split), tunedIou = await meanIou(em, out, split);
    console.log(`em-unet: test IoU ${baseIou.toFixed(4)} → ${tunedIou.toFixed(4)} after 6 steps (last weights, ${changed} tensors changed)`);
    expect(Math.abs(tunedIou - baseIou)).toBeLessThanOrEqual(0.005);
  }, 1_800_000);
});
