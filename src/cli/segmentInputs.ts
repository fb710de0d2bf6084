/**
 * The inputs of `npm run segment`: files and directories expanded (a directory gives its image files, not
 * recursively), each with its output name, in one sorted order that every shard of a run sees identically, and
 * the masks paired by name from `--masks DIR`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pairKey } from '../batch/pairing';

/** Image files a directory contributes (the formats openSource reads). */
export const IMAGE_EXTENSIONS = ['.tif', '.tiff', '.png', '.jpg', '.jpeg'];

export interface InputItem {
  /** The path as given / found. */
  path: string;
  /** Output base name: the file name without its image extension (and without ".ome" of ".ome.tif"). */
  name: string;
  /** Set when the item cannot be processed (missing file, duplicate output name): the file's failure message. */
  problem?: string;
}

/** "20.png" → "20", "cells.ome.tiff" → "cells", "notes.txt" → "notes.txt". */
export function outputName(file: string): string {
  const b = basename(file);
  const m = /^(.*?)(\.ome)?\.(tiff?|png|jpe?g)$/i.exec(b);
  return m && m[1] ? m[1] : b;
}

const isImage = (f: string) => IMAGE_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e));
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Expand the command line's inputs into items sorted by output name (then path). A missing path, or a second
 * file with an output name already taken, stays in the list with a `problem`, so it is reported once by the
 * shard that owns it and every shard still splits the same list.
 * @throws Error for a directory that holds no image file (nothing to do is a usage mistake).
 */
export function expandInputs(args: readonly string[]): InputItem[] {
  const items: InputItem[] = [];
  for (const a of args) {
    if (existsSync(a) && statSync(a).isDirectory()) {
      const files = readdirSync(a).filter((f) => isImage(f) && !f.startsWith('.')).sort(byCodeUnits);
      if (!files.length) throw new Error(`${a}: no image files (${IMAGE_EXTENSIONS.join(' ')}) in this directory`);
      for (const f of files) items.push({ path: join(a, f), name: outputName(f) });
    } else {
      items.push({ path: a, name: outputName(a), ...(existsSync(a) ? {} : { problem: 'file not found' }) });
    }
  }
  items.sort((x, y) => byCodeUnits(x.name, y.name) || byCodeUnits(x.path, y.path));
  const seen = new Map<string, string>();
  const unique: InputItem[] = [];
  for (const it of items) {
    const first = seen.get(it.name);
    if (first === it.path) continue; // the same file given twice (a file and its directory)
    if (first !== undefined) unique.push({ ...it, problem: `its output name "${it.name}" is already taken by ${first}` });
    else { seen.set(it.name, it.path); unique.push(it); }
  }
  return unique;
}

/**
 * Pairing key → mask file in DIR, by the studio batch's conventions (batch/pairing.ts): the image's name,
 * optionally with a `_mask` / `_gt` / `_labels` … suffix, or the CTC `man_seg013` for `t013`; the first in
 * code-unit order when several files share a key. Look masks up with `maskFor`.
 */
export function indexMasks(dir: string): Map<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--masks ${dir}: not a directory`);
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter(isImage).sort(byCodeUnits)) {
    const k = pairKey({ name: f }, true);
    if (!out.has(k)) out.set(k, join(dir, f));
  }
  return out;
}

/** The mask of an input (by its file path) in an `indexMasks` map, or undefined. */
export const maskFor = (masks: Map<string, string> | undefined, path: string): string | undefined =>
  masks?.get(pairKey({ name: basename(path) }, false));
