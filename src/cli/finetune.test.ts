/**
 * `npm run finetune`'s command line: options, and a bad data folder as one clear line. Whether it learns is
 * proven by finetuneDic.test.ts (cells-synthetic gains ≥ 0.10 held-out IoU) and finetuneEm.test.ts (em-unet keeps
 * its test IoU within 0.005), files of their own so the two trainings run side by side.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, runFinetune } from './finetune';

const tmp = mkdtempSync(join(tmpdir(), 'finetune-'));

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
    expect(parseArgs(['--model', 'm', '--data', 'd', '--out', 'x.onnx', '--val-side', '128']).opts.valMaxSide).toBe(128);
    expect(() => parseArgs(['--model', 'm', '--data', 'd', '--out', 'x.onnx', '--val-side', '8'])).toThrow('--val-side must be an integer ≥ 16, got "8"');
  });

  it('a missing data folder is one clear line', async () => {
    const errors: string[] = [];
    const r = await runFinetune(['--model', 'cells-synthetic', '--data', join(tmp, 'nope'), '--out', join(tmp, 'x.onnx')], { log: () => {}, error: (s) => errors.push(s) });
    expect(r.code).toBe(1);
    expect(errors).toEqual([`error: data directory not found: ${join(tmp, 'nope')}`]);
  });
});
