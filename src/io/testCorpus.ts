/**
 * Test helpers (not shipped): write the microscopy corpus with training/tests/make_corpus.py (tifffile + PIL,
 * an independent writer) and the pixel formulas it uses, so tests check decoded planes exactly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ab } from './testBytes';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Debian's python3 (numpy, PIL, tifffile come from apt), else whatever python3 is on PATH. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Why the corpus cannot be written here, or null when python3 with tifffile, numpy and PIL is available. */
export function corpusUnavailable(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import tifffile, numpy, PIL'], { stdio: 'pipe' });
    return null;
  } catch {
    return `${PYTHON} lacks tifffile/numpy/PIL (apt install python3-tifffile python3-numpy python3-pil)`;
  }
}

/** Write the corpus into a fresh temp folder (or `dir`) and return the folder. */
export function makeCorpus(dir = mkdtempSync(join(tmpdir(), 'corpus-'))): string {
  execFileSync(PYTHON, [join(repo, 'training', 'tests', 'make_corpus.py'), dir], { stdio: 'pipe' });
  return dir;
}

export const readCorpus = (dir: string, file: string): ArrayBuffer => ab(readFileSync(join(dir, file)));

/** make_corpus.py's default plane size. */
export const CW = 21, CH = 13;

/** Same formulas as make_corpus.py's v8 / v16. */
export const v8 = (t: number, z: number, c: number, y: number, x: number) => (x + 3 * y + 29 * c + 47 * z + 83 * t) % 256;
export const v16 = (t: number, z: number, c: number, y: number, x: number) => (x + 32 * y + 1024 * (c + 4 * z + 32 * t)) % 65536;

/** Expected plane (or region) values of `f` at (t, z, c). */
export function expected(f: (t: number, z: number, c: number, y: number, x: number) => number, t: number, z: number, c: number,
  rect = { x: 0, y: 0, width: CW, height: CH }, map: (v: number) => number = (v) => v): number[] {
  const out: number[] = [];
  for (let y = rect.y; y < rect.y + rect.height; y++) for (let x = rect.x; x < rect.x + rect.width; x++) out.push(map(f(t, z, c, y, x)));
  return out;
}
