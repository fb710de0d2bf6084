/**
 * card.metrics in public/models/models.json are written only by `npm run eval -- ... --write-manifest`, so the
 * numbers in the manifest come from the same code path as the eval (and the test that re-checks them).
 * The `set` label names the data folder, the set and the split file, e.g. "isbi2012_em test (split.json)",
 * which is enough to find the data again under the data root (SEGSTUDIO_DATA or ../shared/datasets).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from '../models/manifest';
import { round4, type EvalResult } from './evalCore';

export type Metrics = NonNullable<ModelCard['metrics']>;
export const MEASURED_WITH = 'npm run eval (onnxruntime-node, overlap-tile)';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const inside = (rel: string) => rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);

/**
 * "<data> <set> (<split file>)" or "<data> (all pairs)"; <data> is the folder relative to the data root
 * (e.g. "isbi2012_em", "cells_synth/test"), else relative to the repository, else its base name.
 */
export function setLabel(dataDir: string, split?: { file: string; set: string }, dataRoot = defaultDataRoot()): string {
  const abs = resolve(dataDir);
  const underRoot = relative(resolve(dataRoot), abs);
  const underRepo = relative(REPO, abs);
  const name = (inside(underRoot) ? underRoot : inside(underRepo) ? underRepo : basename(abs)).split('\\').join('/');
  return split ? `${name} ${split.set} (${relative(abs, resolve(split.file)).split('\\').join('/')})` : `${name} (all pairs)`;
}

/** Where a metrics label's data live (under the data root, else the repository) and the split, if any. */
export function locateSet(label: string, dataRoot = defaultDataRoot()): { dataDir: string; split?: { file: string; set: string } } {
  const m = /^(\S+) (?:(\S+) )?\(([^)]+)\)$/.exec(label);
  if (!m || (!m[2] && m[3] !== 'all pairs')) throw new Error(`cannot read metrics set label "${label}"`);
  const candidate = join(dataRoot, m[1]);
  const dataDir = existsSync(candidate) || !existsSync(join(REPO, m[1])) ? candidate : join(REPO, m[1]);
  return m[2] ? { dataDir, split: { file: join(dataDir, m[3]), set: m[2] } } : { dataDir };
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
