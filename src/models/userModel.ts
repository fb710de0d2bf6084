/**
 * A person's own ONNX model ("Open model (.onnx)", deepImageJ / bioimage.io exports), read into the same card
 * shape as the bundled models (ARCHITECTURE.md "Models"). Pure: the worker hands in ORT's input/output metadata
 * (`InferenceSession.inputMetadata` / `outputMetadata`, onnxruntime-common 1.30) and the output dims of one probe
 * run, and gets back a card or a StudioError('model-invalid') whose message says what the studio runs instead.
 *
 * The contract is the one the pipeline runs (worker/run.ts, tiling/segmentTiled.ts): exactly one float32 input
 * N×1×H×W and one float32 output N×1×H×W of foreground logits (the studio applies the sigmoid), same-padded so
 * the output has the input's spatial size. Metadata alone cannot prove the last point (H and W are usually
 * symbolic), hence the probe run: 1×1×T×T zeros at the tile the card will use.
 */
import { StudioError } from '../errors';
import type { RdfModel } from './bioimageRdf';
import type { ModelCard } from './manifest';

/** ORT's ValueMetadata, structurally (this ring imports no ORT). A dim is a number (-1: unknown) or a symbol. */
export interface ValueMeta {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

export interface ModelMeta {
  inputs: readonly ValueMeta[];
  outputs: readonly ValueMeta[];
}

/** Tiling of a user model whose H/W are dynamic: the bundled cards' defaults (256 px, multiple of 16 for a depth-4 U-Net). */
export const USER_DEFAULTS = { tile: 256, multiple: 16, halo: 32, blend: 'gaussian' as const, threshold: 0.5 };

/** What the probe run feeds: 1×1×tile×tile zeros. `batch` is the fixed N when the model has one (only 1 is accepted). */
export interface ProbePlan {
  inputName: string;
  outputName: string;
  tile: number;
  /** True when H and W are fixed by the model: the tile can only be that size. */
  fixedTile: boolean;
  batch?: 1;
}

const fixedDim = (d: number | string | undefined): number | undefined => (typeof d === 'number' && d > 0 ? d : undefined);
const dimsText = (shape: ReadonlyArray<number | string>) => `[${shape.map((d) => (typeof d === 'number' && d < 0 ? '?' : String(d))).join(', ')}]`;
const refuse = (file: string, why: string) => new StudioError('model-invalid', `Cannot use "${file}": ${why}`);

/** An id for the session-only card: `user:` + the file name without `.onnx`, reduced to [a-z0-9._-]. */
export function userModelId(fileName: string): string {
  const stem = fileName.toLowerCase().replace(/\.(onnx|zip)$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `user:${stem || 'model'}`;
}

/** Check one side (input or output) of the contract from metadata; `what` is "input" or "output". */
function checkValue(file: string, side: 'input' | 'output', values: readonly ValueMeta[]): ValueMeta {
  const list = values.map((v) => `"${v.name}"`).join(', ');
  if (values.length !== 1)
    throw refuse(file, `this model has ${values.length} ${side}s (${list || 'none'}); the studio runs models with exactly one ${side} (N×1×H×W float32${side === 'output' ? ' logits' : ''}).`);
  const v = values[0];
  if (!v.isTensor) throw refuse(file, `the ${side} "${v.name}" is not a tensor; the studio runs models with an N×1×H×W float32 ${side}.`);
  if (v.type !== undefined && v.type !== 'float32')
    throw refuse(file, `the ${side} "${v.name}" is ${v.type}; the studio runs float32 models (export the model in float32).`);
  const shape = v.shape ?? [];
  if (shape.length > 0 && shape.length !== 4)
    throw refuse(file, `the ${side} "${v.name}" has rank ${shape.length} ${dimsText(shape)}; the studio runs rank-4 N×1×H×W ${side}s.`);
  const c = fixedDim(shape[1]);
  if (c !== undefined && c !== 1) throw refuse(file, channelsWhy(side, c));
  return v;
}

function channelsWhy(side: 'input' | 'output', c: number): string {
  return side === 'input'
    ? `This model expects ${c} input channels; the studio runs single-channel models (N×1×H×W).`
    : `This model has ${c} output channels${c === 2 ? ' (a 2-class softmax head?)' : ''}; the studio runs models with one output channel of foreground logits (N×1×H×W, the studio applies the sigmoid). ` +
      'Export the foreground channel\'s logit alone.';
}

/**
 * Check the metadata and choose the probe: the model's own H×W when fixed (square only: tiles are T×T),
 * otherwise the tile of a bioimage.io rdf (`rdfTile`), otherwise USER_DEFAULTS.tile. Throws StudioError('model-invalid').
 */
export function probePlan(file: string, meta: ModelMeta, rdfTile?: RdfModel['tile']): ProbePlan {
  const input = checkValue(file, 'input', meta.inputs);
  const output = checkValue(file, 'output', meta.outputs);
  const shape = input.shape ?? [];
  const n = fixedDim(shape[0]);
  if (n !== undefined && n !== 1)
    throw refuse(file, `the input "${input.name}" has a fixed batch of ${n}; the studio needs a dynamic batch or a batch of 1.`);
  const h = fixedDim(shape[2]), w = fixedDim(shape[3]);
  if ((h !== undefined || w !== undefined) && h !== w)
    throw refuse(file, `the input "${input.name}" is ${dimsText(shape)}; fixed input sizes must be square (the studio runs T×T tiles).`);
  if (h !== undefined && rdfTile && rdfTile.size !== h)
    throw refuse(file, `its rdf.yaml gives a ${rdfTile.size}-px input but the ONNX input is fixed at ${h}×${h}.`);
  const tile = h ?? rdfTile?.size ?? USER_DEFAULTS.tile;
  const fixedTile = h !== undefined || rdfTile?.fixed === true;
  return { inputName: input.name, outputName: output.name, tile, fixedTile, ...(n === 1 ? { batch: 1 as const } : {}) };
}

/** The halo: the bundled cards' 32 px, but at most a quarter of a small fixed tile, so half of it stays valid centre. */
const userHalo = (tile: number): number => Math.min(USER_DEFAULTS.halo, Math.floor(tile / 4));

/** Why a probe run failed, as the person should read it (ORT's own message appended). */
export function probeFailed(file: string, plan: ProbePlan, ortMessage: string): StudioError {
  return refuse(file,
    `a test run on a 1×1×${plan.tile}×${plan.tile} input failed (${ortMessage}). ` +
    (plan.fixedTile ? '' : `The studio tiles in ${plan.tile}-px tiles (or smaller multiples of ${USER_DEFAULTS.multiple}); a model that needs another input size is not supported yet.`));
}

/**
 * Multiples tried after the first probe, smallest first. A same-padded U-Net of depth d takes sizes that are
 * multiples of 2^d; a probe at `tile − m` (240, 224, 192, 128 for tile 256) runs with a same-size output exactly
 * when 2^d divides it, so the smallest m that works is the model's multiple (up to 128). The plan rounds small
 * images' tiles to that multiple (tiling/plan.ts), so it must be right, not just 256-compatible.
 */
export const MULTIPLE_CANDIDATES = [16, 32, 64, 128] as const;

/** The tile multiple from the extra probes (`outputDims` null: the run failed): the first m whose probe at
 * `tile − m` came back same-size, else `tile` itself (only whole tiles of that size are known to work). */
export function tileMultipleFrom(tile: number, probes: readonly { size: number; outputDims: readonly number[] | null }[]): number {
  for (const m of MULTIPLE_CANDIDATES) {
    const p = probes.find((q) => q.size === tile - m);
    if (p?.outputDims && p.outputDims[2] === p.size && p.outputDims[3] === p.size) return m;
  }
  return tile;
}

export interface UserModelFile {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * The card of a user model: metadata checked (`probePlan`), then the probe's output dims (rank 4, one channel,
 * the input's spatial size: same padding). Tiling, normalisation and threshold are the bundled cards' defaults;
 * `multiple` (from `tileMultipleFrom`) is the input multiple of a dynamic-size model.
 */
export function userModelCard(file: UserModelFile, meta: ModelMeta, probeOutputDims: readonly number[], multiple: number = USER_DEFAULTS.multiple, rdf?: RdfModel): ModelCard {
  const plan = probePlan(file.name, meta, rdf?.tile);
  const T = plan.tile;
  const out = probeOutputDims;
  if (out.length !== 4) throw refuse(file.name, `for a 1×1×${T}×${T} input the output is ${dimsText(out)}, rank ${out.length}; the studio runs rank-4 N×1×H×W outputs.`);
  if (out[1] !== 1) throw refuse(file.name, channelsWhy('output', out[1]));
  if (out[0] !== 1) throw refuse(file.name, `for a batch of 1 the output has a batch of ${out[0]}; the studio needs one output per input tile.`);
  if (out[2] !== T || out[3] !== T) {
    const cropH = (T - out[2]) / 2, cropW = (T - out[3]) / 2;
    const why = cropH > 0 && cropH === cropW
      ? `the output is cropped by ${cropH} px on each side (valid padding). Valid-padding models are not supported yet: the studio runs same-padded models whose output has the input's size.`
      : 'the studio runs same-padded models whose output has the input\'s size.';
    throw refuse(file.name, `for a ${T}×${T} input the output is ${out[2]}×${out[3]}: ${why}`);
  }
  const halo = rdf?.halo ?? userHalo(T);
  if (!(halo >= 0 && 2 * halo < T)) throw refuse(file.name, `its rdf.yaml halo ${halo} does not fit a ${T}-px tile (it must be below ${T / 2}).`);
  const normalization = rdf?.normalization ?? { kind: 'percentile' as const, low: 1, high: 99.8 };
  const tiles = `${T}-px tiles (${plan.fixedTile ? 'fixed by the model' : `multiples of ${multiple}`}), halo ${halo}`;
  const description = rdf
    ? `${rdf.about} Opened from ${file.name} (bioimage.io package, ${(file.bytes / 1024).toFixed(0)} KB ONNX) in this tab only: ${tiles}, ` +
      `${rdf.normalizationText} normalisation, threshold 0.5. No held-out metrics.`
    : `Your model (${file.name}, ${(file.bytes / 1024).toFixed(0)} KB), opened in this tab only: ${tiles}, ` +
      'percentile 1–99.8 normalisation, threshold 0.5. No held-out metrics.';
  return {
    id: userModelId(file.name),
    name: rdf?.name ?? file.name,
    file: file.name,
    sha256: file.sha256,
    bytes: file.bytes,
    description,
    architecture: { kind: 'unet', depth: 0, base: 0, skip: true, padding: 'same', outputCrop: 0, params: 0 },
    input: { channels: 1, tileMultiple: plan.fixedTile ? T : multiple, normalization, name: plan.inputName, ...(plan.batch ? { batch: plan.batch } : {}), ...(plan.fixedTile ? { fixedSize: T } : {}) },
    output: { kind: 'sigmoid-logit', name: plan.outputName },
    tiling: { tile: T, halo, blend: USER_DEFAULTS.blend, receptiveField: 0 },
    threshold: USER_DEFAULTS.threshold,
    training: { data: 'unknown (your model)', split: 'unknown', steps: 0, batch: 'unknown', augmentation: 'unknown', seed: 0, synthetic: false },
    license: rdf?.license ?? 'unknown (your model)',
    user: true,
  };
}

/** One probe run: zeros of 1×1×size×size through the session; resolves to the output dims, rejects when the run fails. */
export type ProbeFn = (inputName: string, outputName: string, size: number) => Promise<number[]>;

/**
 * The whole check of a person's model, shared by the worker ("Open model") and `npm run segment --model file.onnx`:
 * metadata (`probePlan`), one probe at the tile the card will use, then for a dynamic-size model the probes at
 * smaller sizes that find its tile multiple (smallest first, stopping at the first that works). Throws
 * StudioError('model-invalid') saying what does not fit.
 */
export async function probeUserModelCard(file: UserModelFile, meta: ModelMeta, probe: ProbeFn, rdf?: RdfModel): Promise<ModelCard> {
  const plan = probePlan(file.name, meta, rdf?.tile);
  let dims: number[];
  try {
    dims = await probe(plan.inputName, plan.outputName, plan.tile);
  } catch (e) {
    throw probeFailed(file.name, plan, e instanceof Error ? e.message : String(e));
  }
  userModelCard(file, meta, dims, undefined, rdf); // throws before the extra probes when the first one is wrong
  let multiple: number | undefined;
  if (!plan.fixedTile) {
    const probes: { size: number; outputDims: number[] | null }[] = [];
    for (const m of MULTIPLE_CANDIDATES) {
      const size = plan.tile - m;
      const outputDims = await probe(plan.inputName, plan.outputName, size).catch(() => null);
      probes.push({ size, outputDims });
      if (tileMultipleFrom(plan.tile, probes) === m) break; // the smallest multiple that works: done
    }
    multiple = tileMultipleFrom(plan.tile, probes);
  }
  return userModelCard(file, meta, dims, multiple, rdf);
}
