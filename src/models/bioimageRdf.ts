/**
 * A bioimage.io model package (a .zip with rdf.yaml and ONNX weights) read into what the own-model card needs
 * (ARCHITECTURE.md "Models": "a user's own ONNX (or bioimage.io rdf.yaml with ONNX weights) is read into the same
 * shape"). Pure: the worker unzips, hands in the rdf text and the zip's file names, and gets back where the ONNX
 * weights are plus the card fields the rdf decides (name, citation, normalisation, tile, halo). The ONNX itself is
 * then checked by the same code as a bare .onnx (models/userModel.ts), so there is one contract, one code path.
 *
 * Model spec 0.4 (`axes: bcyx`, `preprocessing: [{name, kwargs}]`, `outputs[0].halo`) and 0.5 (axis objects,
 * `preprocessing: [{id, kwargs}]`, halo on an output space axis) are both read. Anything the studio would run
 * differently from what the rdf says is refused with a message naming it, never silently approximated.
 */
import { parse } from 'yaml';
import { StudioError } from '../errors';
import type { Normalization } from './manifest';
import { USER_DEFAULTS } from './userModel';

/** What the rdf decides for the card; `onnxPath` is the weights' path inside the zip. */
export interface RdfModel {
  onnxPath: string;
  name: string;
  /** One paragraph for the card: the rdf's description, license and citation. */
  about: string;
  license: string;
  normalization: Normalization;
  /** Human text for the normalisation, e.g. "percentile 1–99.8 (scale_range)". */
  normalizationText: string;
  /** `outputs[0].halo` when the rdf gives one (else the card's default). */
  halo?: number;
  /** Tile from the input shape: `fixed` when the rdf gives one size. Undefined: no spatial size in the rdf. */
  tile?: { size: number; fixed: boolean };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const refuse = (file: string, why: string) => new StudioError('model-invalid', `Cannot use "${file}": ${why}`);

/** The file names a package's description may have (spec 0.4: rdf.yaml; 0.5 also bioimageio.yaml). */
export function findRdf(entries: readonly string[]): string | undefined {
  const ok = (e: string) => /(^|\/)(rdf\.yaml|([^/]*\.)?bioimageio\.yaml)$/i.test(e) && !e.startsWith('__MACOSX/');
  return entries.filter(ok).sort((a, b) => a.split('/').length - b.split('/').length)[0];
}

/** An op's name in either spec (`name` in 0.4, `id` in 0.5) and its kwargs. */
const opOf = (p: unknown): { op: string; kwargs: Obj } => {
  const o = isObj(p) ? p : {};
  return { op: String(o.id ?? o.name ?? '?'), kwargs: isObj(o.kwargs) ? o.kwargs : {} };
};

function normalizationOf(file: string, pre: unknown): Pick<RdfModel, 'normalization' | 'normalizationText'> {
  const ops = (Array.isArray(pre) ? pre : []).map(opOf).filter((p) => p.op !== 'ensure_dtype'); // float32 is what the studio feeds
  if (ops.length === 0) return { normalization: { kind: 'fixed', scale: 1, offset: 0 }, normalizationText: 'none (raw pixel values, as the rdf has no preprocessing)' };
  if (ops.length > 1) throw refuse(file, `its rdf.yaml chains ${ops.length} preprocessing steps (${ops.map((p) => p.op).join(', ')}); the studio runs one normalisation (scale_range or zero_mean_unit_variance).`);
  const { op, kwargs } = ops[0];
  if (op === 'scale_range') {
    const low = Number(kwargs.min_percentile ?? 0), high = Number(kwargs.max_percentile ?? 100);
    if (!(low >= 0 && high <= 100 && low < high)) throw refuse(file, `its scale_range percentiles (${kwargs.min_percentile}, ${kwargs.max_percentile}) are not 0 ≤ min < max ≤ 100.`);
    return { normalization: { kind: 'percentile', low, high }, normalizationText: `percentile ${low}–${high} (scale_range)` };
  }
  if (op === 'zero_mean_unit_variance') {
    if (kwargs.mode === 'fixed' || kwargs.mean !== undefined) throw refuse(file, 'its zero_mean_unit_variance uses a fixed mean/std; the studio computes them per image (mode per_sample).');
    const eps = Number(kwargs.eps ?? 1e-6);
    return { normalization: { kind: 'zscore', eps }, normalizationText: 'z-score per image (zero_mean_unit_variance)' };
  }
  throw refuse(file, `its rdf.yaml asks for the preprocessing "${op}"; the studio supports scale_range and zero_mean_unit_variance only.`);
}

/** Channels and spatial size of the input tensor, from 0.4 (`axes: "bcyx"`, `shape`) or 0.5 (axis objects). */
function inputShape(file: string, input: Obj): { channels: number; tile?: { size: number; fixed: boolean } } {
  const sizes: { channels?: number; y?: unknown; x?: unknown } = {};
  if (typeof input.axes === 'string') {
    const axes = input.axes.toLowerCase();
    const shape = input.shape;
    const at = (ax: string): unknown => {
      const i = axes.indexOf(ax);
      if (i < 0) return undefined;
      if (Array.isArray(shape)) return shape[i];
      if (isObj(shape) && Array.isArray(shape.min)) return { min: shape.min[i], step: Array.isArray(shape.step) ? shape.step[i] : 0 };
      return undefined;
    };
    const c = at('c');
    sizes.channels = typeof c === 'number' ? c : isObj(c) ? Number(c.min) : axes.includes('c') ? undefined : 1;
    sizes.y = at('y'); sizes.x = at('x');
  } else if (Array.isArray(input.axes)) {
    const axes = input.axes.filter(isObj);
    const ch = axes.find((a) => a.type === 'channel');
    sizes.channels = ch ? (Array.isArray(ch.channel_names) ? ch.channel_names.length : Number(ch.size)) : 1;
    sizes.y = axes.find((a) => a.type === 'space' && a.id === 'y')?.size;
    sizes.x = axes.find((a) => a.type === 'space' && a.id === 'x')?.size;
  }
  const channels = sizes.channels ?? 1;
  if (channels !== 1) throw refuse(file, `This model expects ${channels} input channels; the studio runs single-channel models (N×1×H×W).`);
  const tileOf = (s: unknown): { size: number; fixed: boolean } | undefined => {
    if (typeof s === 'number' && s > 0) return { size: s, fixed: true };
    if (isObj(s) && Number(s.min) > 0) {
      const min = Number(s.min), step = Number(s.step ?? 0);
      if (!(step > 0)) return { size: min, fixed: true };
      // the valid size min + k·step nearest the studio's default tile (at least min)
      return { size: min + Math.max(0, Math.round((USER_DEFAULTS.tile - min) / step)) * step, fixed: false };
    }
    return undefined;
  };
  const y = tileOf(sizes.y), x = tileOf(sizes.x);
  if (y && x && y.size !== x.size)
    throw refuse(file, `its rdf.yaml gives a ${y.size}×${x.size} input; the studio runs square T×T tiles.`);
  return { channels, tile: y ?? x };
}

/** Halo: 0.4 `outputs[0].halo` ([b, c, y, x] or a number), 0.5 `halo` on an output space axis; else undefined. */
function haloOf(output: Obj | undefined): number | undefined {
  if (!output) return undefined;
  const h = output.halo;
  if (typeof h === 'number') return h;
  if (Array.isArray(h) && typeof output.axes === 'string') {
    const i = output.axes.toLowerCase().indexOf('y');
    if (i >= 0 && typeof h[i] === 'number') return h[i];
  }
  if (Array.isArray(output.axes)) {
    const y = output.axes.filter(isObj).find((a) => a.type === 'space' && typeof a.halo === 'number');
    if (y) return y.halo as number;
  }
  return undefined;
}

function citationOf(rdf: Obj): string {
  const authors = (Array.isArray(rdf.authors) ? rdf.authors : []).map((a) => str(isObj(a) ? a.name : a)).filter(Boolean);
  const cites = (Array.isArray(rdf.cite) ? rdf.cite : []).filter(isObj)
    .map((c) => [str(c.text), str(c.doi) ? `doi:${str(c.doi)}` : str(c.url)].filter(Boolean).join(', ')).filter(Boolean);
  const by = authors.length ? `by ${authors.join(', ')}` : '';
  return [by, cites.length ? `cite: ${cites.join('; ')}` : ''].filter(Boolean).join('; ');
}

/**
 * Map a package's rdf.yaml (text) to what the card needs. `file` is the zip's name (for messages), `rdfPath` the
 * rdf's path in the zip (weights are relative to its folder), `entries` the zip's file names.
 * Throws StudioError('model-invalid') with the reason.
 */
export function readRdf(file: string, rdfPath: string, text: string, entries: readonly string[]): RdfModel {
  let rdf: unknown;
  try {
    rdf = parse(text);
  } catch (e) {
    throw refuse(file, `its ${rdfPath} is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`);
  }
  if (!isObj(rdf)) throw refuse(file, `its ${rdfPath} is not a bioimage.io model description (no fields).`);
  if (rdf.type !== undefined && rdf.type !== 'model') throw refuse(file, `its ${rdfPath} describes a ${String(rdf.type)}, not a model.`);
  const weights = isObj(rdf.weights) ? rdf.weights : {};
  const onnx = weights.onnx;
  if (!isObj(onnx)) {
    const has = Object.keys(weights);
    throw refuse(file, `this package has no ONNX weights (it has: ${has.length ? has.join(', ') : 'none'}). The studio runs ONNX; convert the model with bioimageio.core or choose its ONNX export.`);
  }
  const source = str(onnx.source);
  if (!source) throw refuse(file, 'its ONNX weights entry has no source file.');
  const dir = rdfPath.includes('/') ? rdfPath.slice(0, rdfPath.lastIndexOf('/') + 1) : '';
  const onnxPath = dir + source.replace(/^\.\//, '');
  if (!entries.includes(onnxPath))
    throw refuse(file, `its ONNX weights "${source}" are not in the zip${/^https?:/i.test(source) ? ' (a download link: the studio uploads and downloads nothing; download the full package)' : ''}.`);

  const inputs = Array.isArray(rdf.inputs) ? rdf.inputs.filter(isObj) : [];
  const outputs = Array.isArray(rdf.outputs) ? rdf.outputs.filter(isObj) : [];
  if (inputs.length !== 1) throw refuse(file, `its rdf.yaml has ${inputs.length} inputs; the studio runs models with exactly one input.`);
  if (outputs.length > 1) throw refuse(file, `its rdf.yaml has ${outputs.length} outputs; the studio runs models with exactly one output.`);
  const { tile } = inputShape(file, inputs[0]);
  const post = (Array.isArray(outputs[0]?.postprocessing) ? outputs[0].postprocessing : []).map(opOf).filter((p) => p.op !== 'ensure_dtype');
  if (post.some((p) => p.op === 'sigmoid'))
    throw refuse(file, 'its rdf.yaml applies a sigmoid after the network (the model outputs probabilities); the studio expects foreground logits and applies the sigmoid itself. Export the model without its final sigmoid.');
  if (post.length) throw refuse(file, `its rdf.yaml asks for the postprocessing "${post[0].op}"; the studio runs models whose output needs none (foreground logits).`);

  const name = str(rdf.name) ?? file;
  const license = str(rdf.license) ?? 'unknown (not in rdf.yaml)';
  const citation = citationOf(rdf);
  const about = [str(rdf.description), `License: ${license}.`, citation ? `${citation[0].toUpperCase()}${citation.slice(1)}.` : ''].filter(Boolean).join(' ');
  return { onnxPath, name, about, license, ...normalizationOf(file, inputs[0].preprocessing), halo: haloOf(outputs[0]), ...(tile ? { tile } : {}) };
}
