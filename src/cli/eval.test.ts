/**
 * The metrics in public/models/models.json must be reproducible: for every real (non-fixture) model with
 * card.metrics, re-run the eval on the same set and compare mean IoU/Dice to 3 decimals. Slow-ish (about a
 * minute per model on 2 cores); skipped with a note when the data set is not available on this machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../models/manifest';
import { runEval } from './eval';
import { locateSet } from './manifestMetrics';
import { parseArgs as parseSynthArgs, runSynth } from '../synth/cli';

/** Synthetic sets are deterministic and regenerated rather than committed (training/synth_sets.json). */
const synthSets = JSON.parse(readFileSync('training/synth_sets.json', 'utf8')) as Record<string, string[]>;
function ensureSynthetic(label: string): void {
  const dir = label.split(' ')[0];
  if (synthSets[dir] && !existsSync(`${dir}/masks`)) runSynth(parseSynthArgs(synthSets[dir]));
}

const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as { models: ModelCard[] };
const measured = manifest.models.filter((c) => !c.fixture && c.metrics);

describe('manifest metrics are reproduced by npm run eval', () => {
  it('every non-fixture model with an ONNX file has metrics', () => {
    const missing = manifest.models.filter((c) => !c.fixture && !c.metrics && existsSync(`public/models/${c.file}`));
    expect(missing.map((c) => c.id)).toEqual([]);
  });

  for (const card of measured) {
    const m = card.metrics!;
    ensureSynthetic(m.set);
    const where = locateSet(m.set);
    const available = existsSync(where.dataDir) && (!where.split || existsSync(where.split.file));
    it.skipIf(!available)(`${card.id}: ${m.set} → IoU ${m.iou}, Dice ${m.dice} at ${m.threshold}`, async () => {
      const args = ['--data', where.dataDir, '--model', card.id, '--threshold', String(m.threshold)];
      if (where.split) args.push('--split', where.split.file, '--set', where.split.set);
      const errors: string[] = [];
      const r = await runEval(args, { log: () => {}, error: (s) => errors.push(s) });
      expect(r.code, errors.join('\n')).toBe(0);
      expect(r.result!.images.length).toBe(m.images);
      expect(r.result!.mean.iou).toBeCloseTo(m.iou, 3);
      expect(r.result!.mean.dice).toBeCloseTo(m.dice, 3);
    }, 300_000);
    if (!available) console.warn(`eval.test: ${card.id}: data for "${m.set}" not found at ${where.dataDir}; skipped`);
  }
});
