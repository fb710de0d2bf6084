/**
 * `--model` of `npm run segment`: a manifest id (public/models/models.json), or a path to an .onnx file. For a
 * file, a card beside it (`x.onnx` → `x.json`, the manifest's card format) is used when present; otherwise the
 * studio's own-model defaults (models/userModel.ts: the same metadata checks and probe runs as "Open model").
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseManifest, type ModelCard } from '../models/manifest';
import { probeUserModelCard, type ModelMeta } from '../models/userModel';
import { createSession, findCard, loadManifest } from './nodeSession';

/** A card and the directory its `file` is relative to (what nodeSession.openModel takes). */
export interface ResolvedModel {
  card: ModelCard;
  dir: string;
}

const looksLikeFile = (m: string) => m.toLowerCase().endsWith('.onnx') || m.includes('/') || m.includes('\\');

/** Resolve --model; throws a one-line message (unknown id with the valid ids, missing file, refused model). */
export async function resolveModel(model: string, modelsDir: string): Promise<ResolvedModel> {
  if (!looksLikeFile(model)) return { card: findCard(loadManifest(modelsDir), model), dir: modelsDir };
  if (!existsSync(model) || !statSync(model).isFile()) throw new Error(`model file not found: ${model}`);
  const dir = dirname(model), file = basename(model);
  const cardPath = join(dir, file.replace(/\.onnx$/i, '') + '.json');
  const bytes = readFileSync(model);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (existsSync(cardPath)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(cardPath, 'utf8'));
    } catch (e) {
      throw new Error(`${cardPath}: not valid JSON (${(e as Error).message})`);
    }
    // The card names this very file; its sha256 is checked when the session opens, like the manifest's.
    const card = { ...(json as ModelCard), file };
    parseManifest({ version: 1, models: [card] });
    return { card, dir };
  }
  return { card: await userCard(model, file, bytes, sha256), dir };
}

/** The own-model card of a bare .onnx: ORT's metadata and probe runs through a throwaway session. */
async function userCard(path: string, file: string, bytes: Uint8Array, sha256: string): Promise<ModelCard> {
  let session: ort.InferenceSession;
  try {
    session = await createSession(path, { threads: 1 });
  } catch (e) {
    throw new Error(`Cannot use "${file}": it is not an ONNX model that onnxruntime can read (${(e as Error).message})`);
  }
  try {
    const meta: ModelMeta = {
      inputs: session.inputMetadata.map((m) => ({ ...m })),
      outputs: session.outputMetadata.map((m) => ({ ...m })),
    };
    const probe = async (inputName: string, outputName: string, size: number) => {
      const out = await session.run({ [inputName]: new ort.Tensor('float32', new Float32Array(size * size), [1, 1, size, size]) });
      return [...out[outputName].dims];
    };
    return await probeUserModelCard({ name: file, bytes: bytes.length, sha256 }, meta, probe);
  } finally {
    await session.release();
  }
}
