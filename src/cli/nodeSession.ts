/**
 * onnxruntime-node session handling for the command-line tools (eval, verifyOnnx, bench): load the manifest,
 * resolve a card by id, open an InferenceSession on its ONNX file (sha256 checked) and expose the
 * `infer(input, n, tile)` callback that src/tiling/segmentTiled expects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseManifest, type Manifest, type ModelCard } from '../models/manifest';

export const DEFAULT_MODELS_DIR = 'public/models';

export function loadManifest(modelsDir = DEFAULT_MODELS_DIR): Manifest {
  const path = join(modelsDir, 'models.json');
  if (!existsSync(path)) throw new Error(`no model manifest at ${resolve(path)} (use --models-dir)`);
  return parseManifest(JSON.parse(readFileSync(path, 'utf8')));
}

/** The card with this id; an unknown id throws a message that lists the valid ids. */
export function findCard(manifest: Manifest, id: string): ModelCard {
  const card = manifest.models.find((c) => c.id === id);
  if (!card) {
    const ids = manifest.models.map((c) => c.id).join(', ') || '(none)';
    throw new Error(`unknown model id "${id}"; valid ids: ${ids}`);
  }
  return card;
}

export interface SessionOptions {
  /** intra-op threads (default: all cores). */
  threads?: number;
  /** Check the file's sha256 against the card (default true). */
  verifySha?: boolean;
}

export async function createSession(path: string, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  if (!existsSync(path)) throw new Error(`model file not found: ${resolve(path)}`);
  return ort.InferenceSession.create(path, {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads ?? cpus().length,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

export interface ModelSession {
  card: ModelCard;
  session: ort.InferenceSession;
  /** Logits for n tiles of tile×tile (NCHW, C = 1), as segmentTiled's `infer` wants them. */
  infer: (input: Float32Array, n: number, tile: number) => Promise<Float32Array>;
  release: () => Promise<void>;
}

/** Open the card's model from modelsDir and wrap it as a tile-batch inference function. */
export async function openModel(card: ModelCard, modelsDir = DEFAULT_MODELS_DIR, opts: SessionOptions = {}): Promise<ModelSession> {
  const path = join(modelsDir, card.file);
  if (opts.verifySha !== false && existsSync(path)) {
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (sha !== card.sha256) throw new Error(`${card.file}: sha256 ${sha} does not match the manifest (${card.sha256})`);
  }
  const session = await createSession(path, opts);
  const inName = card.input.name || session.inputNames[0];
  const outName = card.output.name || session.outputNames[0];
  const infer = async (input: Float32Array, n: number, tile: number): Promise<Float32Array> => {
    const x = new ort.Tensor('float32', input, [n, 1, tile, tile]);
    const res = await session.run({ [inName]: x });
    const y = res[outName];
    const data = y.data as Float32Array;
    if (data.length !== n * tile * tile) throw new Error(`${card.id}: output has ${data.length} values, expected ${n * tile * tile}`);
    return data;
  };
  return { card, session, infer, release: () => session.release() };
}

/** Run one tensor through a session (any shape); returns the first (or named) output's data and dims. */
export async function runRaw(session: ort.InferenceSession, input: Float32Array, dims: number[], inputName?: string, outputName?: string): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const res = await session.run({ [inputName ?? session.inputNames[0]]: new ort.Tensor('float32', input, dims) });
  const y = res[outputName ?? session.outputNames[0]];
  return { data: y.data as Float32Array, dims: y.dims };
}
