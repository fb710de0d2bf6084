/**
 * Model cards and model bytes, fetched from the same origin (public/models/). The bytes are verified against
 * the card's sha256 before ORT sees them: a truncated download or a stale file is refused with 'model-invalid'.
 * A person's own models (userModels.ts) are held here too, card and bytes, for this worker's life only:
 * `getCard` and `modelBytes` answer for both kinds, so a run takes a user model's id like any other.
 */
import { StudioError } from '../errors';
import { fetchBytes } from '../models/fetchBytes';
import { parseManifest, type ModelCard } from '../models/manifest';

/** public/models/ as served, resolved against the origin (a worker's own location is under /assets/). */
export const modelsBase = (): URL => new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin);

let manifest: Promise<ModelCard[]> | undefined;

/** All cards from models.json, fetched once per worker (a failed fetch is retried on the next call). */
export function loadManifest(): Promise<ModelCard[]> {
  manifest ??= (async () => {
    const bytes = await fetchBytes(new URL('models.json', modelsBase()), 'the model list');
    try {
      return parseManifest(JSON.parse(new TextDecoder().decode(bytes))).models;
    } catch (e) {
      throw new StudioError('model-invalid', e instanceof Error ? e.message : String(e));
    }
  })();
  manifest.catch(() => (manifest = undefined));
  return manifest;
}

/** User models opened in this worker (userModels.ts), by card id; never persisted. */
export const userModels = new Map<string, { card: ModelCard; bytes: Uint8Array }>();

/** The card with this id; the error lists the valid ids. */
export async function getCard(id: string): Promise<ModelCard> {
  const user = userModels.get(id);
  if (user) return user.card;
  if (id.startsWith('user:'))
    throw new StudioError('model-invalid', `Your model "${id.slice(5)}" is no longer loaded (the worker restarted); open it again with "Open model (.onnx)".`);
  const cards = await loadManifest();
  const card = cards.find((c) => c.id === id);
  if (!card) throw new StudioError('model-invalid', `Unknown model "${id}". Should be one of: ${cards.map((c) => c.id).join(', ')}.`);
  return card;
}

/** Lower-case hex SHA-256 of the bytes (Web Crypto; available in secure contexts, localhost included). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const bytesCache = new Map<string, Promise<Uint8Array>>();

/** Fetch the ONNX file of a card and check its sha256; cached per model id. */
export function loadModelBytes(card: ModelCard): Promise<Uint8Array> {
  let p = bytesCache.get(card.id);
  if (!p) {
    p = (async () => {
      const bytes = await fetchBytes(new URL(card.file, modelsBase()), 'model file');
      const got = await sha256Hex(bytes);
      if (got !== card.sha256.toLowerCase())
        throw new StudioError('model-invalid',
          `Model file ${card.file} (${bytes.length} bytes) has sha256 ${got.slice(0, 12)}…, but models.json expects ` +
          `${card.sha256.slice(0, 12)}…; refusing to run it. Re-download the model or fix its manifest entry.`);
      return bytes;
    })();
    bytesCache.set(card.id, p);
    p.catch(() => bytesCache.delete(card.id));
  }
  return p;
}

/** The ONNX bytes of any card: a user model's from memory (checked when it was opened), else `loadModelBytes`. */
export async function modelBytes(card: ModelCard): Promise<Uint8Array> {
  if (!card.user) return loadModelBytes(card);
  const user = userModels.get(card.id);
  if (!user) throw new StudioError('model-invalid', `Your model "${card.name}" is no longer loaded; open it again.`);
  return user.bytes;
}
