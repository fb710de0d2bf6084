/**
 * card.metrics in public/models/models.json are written only by `npm run eval -- ... --write-manifest`, so the
 * numbers in the manifest come from the same code path as the eval (and the test that re-checks them).
 * The `set` label names the data folder, the set and the split file, e.g. "isbi2012_em test (split.json)",
 * which is enough to find the data again under the data root (SEGSTUDIO_DATA or ../shared/datasets).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from '../models/manifest';
import { round4, type EvalResult } from './evalCore';

export type Metrics = NonNullable<ModelCard['metrics']>;
export const MEASURED_WITH = 'npm run eval (onnxruntime-node, overlap-tile)';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function setLabel(dataDir: string, split?: { file: string; set: string }): string {
  const name = basename(resolve(dataDir));
  return split ? `${name} ${split.set} (${basename(split.file)})` : `${name} (all pairs)`;
}

/** Where a metrics label's data live: the folder under the data root and the split, if any. */
export function locateSet(label: string, dataRoot = defaultDataRoot()): { dataDir: string; split?: { file: string; set: string } } {
  let m = /^(\S+) (\S+) \(([^)]+)\)$/.exec(label);
  if (m && m[3] !== 'all pairs') return { dataDir: join(dataRoot, m[1]), split: { file: join(dataRoot, m[1], m[3]), set: m[2] } };
  m = /^(\S+) \(all pairs\)$/.exec(label);
  if (m) return { dataDir: join(dataRoot, m[1]) };
  throw new Error(`cannot read metrics set label "${label}"`);
}

export function defaultDataRoot(): string {
  return process.env.SEGSTUDIO_DATA ?? resolve(REPO, '..', 'shared', 'datasets');
}

export function toMetrics(r: EvalResult, label: string): Metrics {
  return { set: label, images: r.images.length, iou: round4(r.mean.iou), dice: round4(r.mean.dice), threshold: r.threshold, measuredWith: MEASURED_WITH };
}

/** Set card.metrics for one model, keeping everything else in the manifest as it is. */
export function writeMetrics(modelsDir: string, id: string, metrics: Metrics): void {
  const path = join(modelsDir, 'models.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as { models: Record<string, unknown>[] };
  const card = m.models.find((c) => c.id === id);
  if (!card) throw new Error(`models.json has no model "${id}"`);
  // keep the key order of training/export_onnx.py: metrics sit before license/fixture
  const entries = Object.entries(card).filter(([k]) => k !== 'metrics');
  const at = entries.findIndex(([k]) => k === 'license');
  entries.splice(at < 0 ? entries.length : at, 0, ['metrics', metrics]);
  m.models[m.models.indexOf(card)] = Object.fromEntries(entries);
  writeFileSync(`${path}.tmp`, JSON.stringify(m, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}
