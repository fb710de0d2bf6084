/**
 * Image/mask pairs of an evaluation folder: DIR/images/NAME.{png,tif,tiff} with DIR/masks/NAME.* (same base
 * name). With a split file ({"set": ["base", ...], ...}) only that set is taken, in the split's order;
 * without one, every image that has a mask, sorted by name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';

export interface Pair {
  /** Base name without extension, e.g. "20". */
  name: string;
  image: string;
  mask: string;
}

const EXTS = ['.png', '.tif', '.tiff'];

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** base name → file, for the image-like files in a folder (first extension in EXTS order wins). */
function indexFolder(dir: string): Map<string, string> {
  const files = readdirSync(dir).filter((f) => EXTS.includes(extname(f).toLowerCase())).sort();
  const byBase = new Map<string, string>();
  for (const ext of EXTS)
    for (const f of files) {
      const base = basename(f, extname(f));
      if (extname(f).toLowerCase() === ext && !byBase.has(base)) byBase.set(base, join(dir, f));
    }
  return byBase;
}

export function readSplit(splitFile: string, set: string): string[] {
  if (!existsSync(splitFile)) throw new Error(`split file not found: ${resolve(splitFile)}`);
  const split = JSON.parse(readFileSync(splitFile, 'utf8')) as Record<string, unknown>;
  const names = split[set];
  if (!Array.isArray(names)) {
    const sets = Object.keys(split).filter((k) => Array.isArray(split[k]));
    throw new Error(`split ${basename(splitFile)} has no set "${set}"; sets: ${sets.join(', ') || '(none)'}`);
  }
  return names.map(String);
}

/** The pairs to evaluate; throws clear messages for a missing folder, a missing file or an empty set. */
export function listPairs(dataDir: string, split?: { file: string; set: string }): { pairs: Pair[]; unmatched: string[] } {
  if (!isDir(dataDir)) throw new Error(`data directory not found: ${resolve(dataDir)}`);
  const imgDir = join(dataDir, 'images');
  const maskDir = join(dataDir, 'masks');
  for (const d of [imgDir, maskDir])
    if (!isDir(d)) throw new Error(`${resolve(dataDir)} has no ${basename(d)}/ folder (expected images/ and masks/ with matching file names)`);
  const images = indexFolder(imgDir);
  const masks = indexFolder(maskDir);
  const pairs: Pair[] = [];
  const unmatched: string[] = [];
  if (split) {
    for (const name of readSplit(split.file, split.set)) {
      const image = images.get(name);
      const mask = masks.get(name);
      if (!image) throw new Error(`split set "${split.set}" names "${name}" but ${imgDir} has no ${name}.png/.tif`);
      if (!mask) throw new Error(`split set "${split.set}" names "${name}" but ${maskDir} has no ${name}.png/.tif`);
      pairs.push({ name, image, mask });
    }
  } else {
    for (const [name, image] of [...images].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const mask = masks.get(name);
      if (mask) pairs.push({ name, image, mask });
      else unmatched.push(name);
    }
  }
  if (!pairs.length) throw new Error(`no image/mask pairs in ${resolve(dataDir)} (PNG or TIFF with the same base name in images/ and masks/)`);
  return { pairs, unmatched };
}

/** Read a file as a standalone ArrayBuffer (what the studio's decoders take). */
export function readArrayBuffer(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
