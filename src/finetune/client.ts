/**
 * Main-thread handle on the fine-tuning worker (finetune.worker.ts), started on first use and kept; a run
 * that must be abandoned at once (`terminate`) ends the worker and the next run starts a fresh one.
 * Also: pairing the files of a dropped/picked folder (images/NAME.* with masks/NAME.*) and the OPFS store of
 * fine-tuned models, so they survive a reload.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { TrainingPair } from '../edit/trainingPair';
import type { ModelCard } from '../models/manifest';
import type { FinetuneWorkerApi, PairFiles, StartRequest, StartResult } from './finetune.worker';
import type { Progress } from './train';

let worker: Worker | undefined;
let api: Remote<FinetuneWorkerApi> | undefined;

function get(): Remote<FinetuneWorkerApi> {
  if (!api) {
    worker = new Worker(new URL('./finetune.worker.ts', import.meta.url), { type: 'module', name: 'finetune' });
    api = wrap<FinetuneWorkerApi>(worker);
  }
  return api;
}

export const finetuneClient = {
  start: (req: StartRequest, onProgress: (p: Progress) => void): Promise<StartResult> =>
    get().start(transfer(req, [req.onnx, ...req.pairs.flatMap((p) => [p.image, p.mask])]), proxy(onProgress)),
  pause: (on: boolean) => get().pause(on),
  stop: () => get().stop(),
  cancel: () => get().cancel(),
};

const IMAGE = /\.(png|tiff?|jpe?g)$/i;
const stem = (n: string) => n.replace(/\.[^.]+$/, '');

/**
 * Image/mask pairs among a folder's files (webkitRelativePath …/images/NAME.ext and …/masks/NAME.ext, as
 * `npm run synth` writes and training/folder_data.py reads); `unmatched` names images without a mask.
 */
export async function pairFiles(files: readonly File[]): Promise<{ pairs: PairFiles[]; unmatched: string[] }> {
  const by = { images: new Map<string, File>(), masks: new Map<string, File>() };
  for (const f of files) {
    if (!IMAGE.test(f.name)) continue;
    const parts = (f.webkitRelativePath || f.name).split('/');
    const dir = parts[parts.length - 2];
    if (dir === 'images' || dir === 'masks') by[dir].set(stem(f.name), f);
  }
  const names = [...by.images.keys()].sort();
  const pairs: PairFiles[] = [];
  for (const n of names) {
    const m = by.masks.get(n);
    if (!m) continue;
    const i = by.images.get(n)!;
    pairs.push({ name: n, image: await i.arrayBuffer(), imageName: i.name, mask: await m.arrayBuffer(), maskName: m.name });
  }
  return { pairs, unmatched: names.filter((n) => !by.masks.has(n)) };
}

/**
 * The corrected masks kept by "Add to training set" (edit/trainingPair.ts files: images/NAME.png|tif with
 * masks/NAME.png) as the worker's pair files; copies, so the stored bytes stay the store's.
 */
export function pairFilesFromCorrections(pairs: readonly TrainingPair[]): PairFiles[] {
  const own = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;
  return pairs.map((p) => ({ name: p.name, image: own(p.image), imageName: p.imageFile, mask: own(p.mask), maskName: p.maskFile }));
}

const DIR = 'finetuned';

async function opfsDir(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    return await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
  } catch {
    return undefined; // no OPFS (private mode, old browser): models then live for this tab only
  }
}

/** Keep a fine-tuned model (ONNX + card) in the origin-private file system. Returns false when there is none. */
export async function storeModel(onnx: Uint8Array, card: ModelCard, zip: Uint8Array): Promise<boolean> {
  const dir = await opfsDir();
  if (!dir) return false;
  // The card last: a model counts as stored once its card is there (storedModels skips half-written ones).
  for (const [name, data] of [[card.file, onnx], [card.file.replace(/\.onnx$/, '.zip'), zip], [card.file.replace(/\.onnx$/, '.json'), new TextEncoder().encode(JSON.stringify(card))]] as const) {
    const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
    await w.write(data as Uint8Array<ArrayBuffer>);
    await w.close();
  }
  return true;
}

/** A kept model's bioimage.io package, or undefined. */
export async function storedPackage(file: string): Promise<Uint8Array | undefined> {
  const dir = await opfsDir();
  try {
    return new Uint8Array(await (await (await dir!.getFileHandle(file.replace(/\.onnx$/, '.zip'))).getFile()).arrayBuffer());
  } catch {
    return undefined;
  }
}

/** The fine-tuned models kept in OPFS: each ONNX file with its card. */
export async function storedModels(): Promise<{ file: File; card: ModelCard }[]> {
  const dir = await opfsDir();
  if (!dir) return [];
  const out: { file: File; card: ModelCard }[] = [];
  for await (const [name, h] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (!name.endsWith('.onnx') || h.kind !== 'file') continue;
    try {
      const file = await (h as FileSystemFileHandle).getFile();
      const card = JSON.parse(await (await (await dir.getFileHandle(name.replace(/\.onnx$/, '.json'))).getFile()).text()) as ModelCard;
      out.push({ file, card });
    } catch { /* a half-written pair (tab closed while saving): skipped */ }
  }
  return out.sort((a, b) => a.file.name.localeCompare(b.file.name));
}

/** Remove a kept model. */
export async function forgetModel(file: string): Promise<void> {
  const dir = await opfsDir();
  for (const n of [file, file.replace(/\.onnx$/, '.json'), file.replace(/\.onnx$/, '.zip')]) await dir?.removeEntry(n).catch(() => undefined);
}
