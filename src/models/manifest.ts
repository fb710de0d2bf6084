/**
 * The model manifest (public/models/models.json): one card per ONNX model. The studio, the eval CLI and the
 * bench read models only through these cards, so normalisation, tiling and thresholds follow the card.
 */
export type Normalization =
  | { kind: 'percentile'; low: number; high: number } // (x - p_low) / (p_high - p_low), nearest-rank, not clipped
  | { kind: 'minmax' }
  | { kind: 'fixed'; scale: number; offset: number } // x * scale + offset
  | { kind: 'zscore'; eps: number }; // (x - mean) / (std + eps) per image (bioimage.io zero_mean_unit_variance)

/**
 * An int8 variant of another card (training/quantize_int8.py): same architecture, tiling and threshold as the
 * fp32 model `of`, ONNX operator form (QLinearConv). The WebGPU EP has no QLinearConv, so the worker runs such
 * a card on WASM (src/worker/session.ts).
 */
export interface Quantization {
  format: 'QOperator';
  weights: string; // e.g. "int8 per-channel (7-bit range)"
  activations: string; // e.g. "uint8 per-tensor"
  calibration: string; // what it was calibrated on and how, e.g. "32 crops of training slices 00-19, method minmax"
  of: string; // id of the fp32 card it was quantised from
  float?: string; // ops kept in float
  chosenBy?: string; // how the calibration method was chosen
}

/** How a fine-tuned model was made (src/finetune/card.ts): the studio's own record, shown on its card. */
export interface FinetuneRecord {
  base: string;
  baseSha256: string;
  data: string;
  pairs: { train: string[]; validation: string[] };
  steps: number;
  /** The step whose weights were kept (best validation IoU; 0 = the base weights). */
  bestStep: number;
  batch: number;
  crop: number;
  lr: number;
  seed: number;
  augmentation: string;
  /** Mean foreground IoU on the validation pairs: base model, kept weights, and [step, IoU] along the run. */
  validationIou: { base: number; best: number; curve: [number, number][] };
  backend: string;
  seconds: number;
  date: string;
}

export interface ModelCard {
  id: string;
  name: string;
  file: string; // relative to public/models/
  sha256: string;
  bytes: number;
  description: string;
  architecture: { kind: 'unet'; depth: number; base: number; skip: boolean; padding: 'same' | 'valid'; outputCrop: number; params: number };
  /** `batch`: the ONNX input's fixed N (a user model exported with N = 1); runs then send one tile per call.
   * `fixedSize`: the input's fixed H = W (a user model); tiles must be exactly that size. */
  input: { channels: 1; tileMultiple: number; normalization: Normalization; name: string; batch?: 1; fixedSize?: number };
  output: { kind: 'sigmoid-logit'; name: string };
  tiling: { tile: number; halo: number; blend: 'crop' | 'taper' | 'gaussian'; receptiveField: number };
  threshold: number; // recommended, chosen on training data
  training: { data: string; split: string; steps: number; batch: string; augmentation: string; seed: number; synthetic: boolean };
  quantization?: Quantization;
  metrics?: { set: string; images: number; iou: number; dice: number; threshold: number; measuredWith: string };
  license: string;
  fixture?: boolean; // a tiny random-weight model for tests, never a real segmenter
  /** A person's own ONNX opened in this tab (models/userModel.ts): session-only, never in models.json, no metrics. */
  user?: boolean;
  /** A model fine-tuned in the studio or by `npm run finetune`. */
  finetune?: FinetuneRecord;
}

export interface Manifest {
  version: 1;
  models: ModelCard[];
}

/** Validate parsed JSON as a manifest; throws a message that names the first bad field. */
export function parseManifest(json: unknown): Manifest {
  const m = json as Manifest;
  if (!m || typeof m !== 'object' || !Array.isArray(m.models)) throw new Error('models.json: expected {"version":1,"models":[...]}');
  const ids = new Set<string>();
  for (const c of m.models) {
    const where = `models.json: model ${JSON.stringify(c?.id ?? '?')}`;
    for (const k of ['id', 'name', 'file', 'sha256'] as const) if (typeof c?.[k] !== 'string' || !c[k]) throw new Error(`${where}: missing ${k}`);
    if (ids.has(c.id)) throw new Error(`${where}: duplicate id`);
    ids.add(c.id);
    if (!c.architecture || !c.input || !c.output || !c.tiling) throw new Error(`${where}: missing architecture/input/output/tiling`);
    const { tile, halo } = c.tiling;
    if (!(tile > 0) || tile % c.input.tileMultiple !== 0) throw new Error(`${where}: tile ${tile} is not a multiple of ${c.input.tileMultiple}`);
    if (!(halo >= 0) || 2 * halo >= tile) throw new Error(`${where}: halo ${halo} must be ≥ 0 and < tile/2 (${tile / 2})`);
    if (!(c.threshold > 0 && c.threshold < 1)) throw new Error(`${where}: threshold must lie in (0, 1)`);
    if (c.quantization !== undefined) checkQuantization(c.quantization, where);
  }
  for (const c of m.models)
    if (c.quantization && !ids.has(c.quantization.of))
      throw new Error(`models.json: model ${JSON.stringify(c.id)}: quantization.of names no model ("${c.quantization.of}")`);
  return m;
}

function checkQuantization(q: Quantization, where: string): void {
  if (!q || typeof q !== 'object') throw new Error(`${where}: quantization must be an object`);
  // Only the operator form is supported: the QDQ form runs slower than fp32 on WASM (issue #7).
  if (q.format !== 'QOperator') throw new Error(`${where}: quantization.format must be "QOperator", got ${JSON.stringify(q.format)}`);
  for (const k of ['weights', 'activations', 'calibration', 'of'] as const)
    if (typeof q[k] !== 'string' || !q[k]) throw new Error(`${where}: quantization.${k} is missing`);
}

/** True for an int8 card: it runs on WASM only (the WebGPU EP has no QLinearConv kernel). */
export function isQuantized(card: Pick<ModelCard, 'quantization'>): boolean {
  return card.quantization !== undefined;
}
