/**
 * Seeded mutations of the fuzz corpus (corpus.ts): byte flips, truncations, and format-aware damage — inflated
 * entry counts, value offsets and sizes in TIFF/BigTIFF directories, swapped tag ids, damaged PNG chunk lengths,
 * ZIP local/central headers and ONNX (protobuf) headers. Pure and deterministic: case i of seed s is always the
 * same bytes, so a failure names a case that can be reproduced (`mutationCase(base, seed, i)`).
 */
import { createRng, mixSeed, type Rng } from '../synth/prng';
import type { CorpusFile } from './corpus';

export interface Mutant extends CorpusFile {
  /** What was done, e.g. "u16.tif: IFD entry 3 count → 4294967295". */
  what: string;
}

const int = (r: Rng, n: number) => Math.floor(r.next() * n);

function flips(b: Uint8Array, r: Rng, from = 0, to = b.length): string {
  const n = 1 + int(r, 8);
  const at: number[] = [];
  for (let k = 0; k < n && to > from; k++) {
    const i = from + int(r, to - from);
    b[i] ^= 1 + int(r, 255);
    at.push(i);
  }
  return `bytes ${at.join(',')} flipped`;
}

const isTiff = (b: Uint8Array) => b.length > 8 && ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d));

/** Damage one entry of the first TIFF/BigTIFF directory (little-endian, as the corpus writes them). */
function tiffEntry(b: Uint8Array, r: Rng): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const big = dv.getUint16(2, true) === 43;
  const ifd = big ? Number(dv.getBigUint64(8, true)) : dv.getUint32(4, true);
  if (ifd + 8 > b.length) return flips(b, r);
  const n = big ? Number(dv.getBigUint64(ifd, true)) : dv.getUint16(ifd, true);
  const size = big ? 20 : 12, first = ifd + (big ? 8 : 2);
  const e = int(r, Math.max(1, n));
  const o = first + e * size;
  if (o + size > b.length) return flips(b, r);
  const huge = [0xffffffff, 0x7fffffff, b.length, b.length + 1, 65536, 0][int(r, 6)];
  switch (int(r, 5)) {
    case 0: // inflated count
      if (big) dv.setBigUint64(o + 4, BigInt(huge), true); else dv.setUint32(o + 4, huge, true);
      return `IFD entry ${e} count → ${huge}`;
    case 1: // inflated value / offset
      if (big) dv.setBigUint64(o + 12, BigInt(huge), true); else dv.setUint32(o + 8, huge, true);
      return `IFD entry ${e} value/offset → ${huge}`;
    case 2: { // swapped tag ids
      const e2 = int(r, Math.max(1, n)), o2 = first + e2 * size;
      if (o2 + 2 > b.length) return flips(b, r);
      const t = dv.getUint16(o, true);
      dv.setUint16(o, dv.getUint16(o2, true), true);
      dv.setUint16(o2, t, true);
      return `IFD tags of entries ${e} and ${e2} swapped`;
    }
    case 3: // wrong type
      dv.setUint16(o + 2, [0, 1, 2, 5, 7, 12, 99][int(r, 7)], true);
      return `IFD entry ${e} type changed`;
    default: // entry count of the directory itself
      if (big) dv.setBigUint64(ifd, BigInt(huge), true); else dv.setUint16(ifd, huge & 0xffff, true);
      return `IFD entry count → ${huge}`;
  }
}

/** Damage a PNG chunk length (IHDR or the next chunk). */
function pngChunk(b: Uint8Array, r: Rng): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = int(r, 2) ? 8 : 33;
  if (at + 4 > b.length) return flips(b, r);
  const v = [0xffffffff, 0x7fffffff, 0, 13, b.length][int(r, 5)];
  dv.setUint32(at, v >>> 0);
  return `PNG chunk length at ${at} → ${v}`;
}

/** Damage a ZIP local header (first 30 bytes) or the central directory / end record (last 100 bytes). */
function zipHeader(b: Uint8Array, r: Rng): string {
  return int(r, 2) ? `local header: ${flips(b, r, 0, Math.min(30, b.length))}` : `central directory: ${flips(b, r, Math.max(0, b.length - 100))}`;
}

/** Mutation number `i` of `base` for `seed`. */
export function mutationCase(base: CorpusFile, seed: number, i: number): Mutant {
  const r = createRng(mixSeed(seed, i));
  const b = base.bytes.slice();
  const ext = base.name.split('.').pop();
  const strategy = int(r, 4);
  let what: string;
  let bytes: Uint8Array = b;
  if (strategy === 0) {
    const len = int(r, b.length);
    bytes = b.subarray(0, len).slice();
    what = `truncated to ${len} of ${b.length} bytes`;
  } else if (strategy === 1) what = flips(b, r);
  else if (isTiff(b)) what = tiffEntry(b, r);
  else if (ext === 'png') what = pngChunk(b, r);
  else if (ext === 'zip') what = zipHeader(b, r);
  else if (ext === 'onnx') what = `header: ${flips(b, r, 0, Math.min(64, b.length))}`;
  else what = flips(b, r, 0, Math.min(600, b.length)); // JPEG: the markers and frame header
  return { name: `m${String(i).padStart(3, '0')}-${base.name}`, kind: base.kind, bytes, what: `${base.name}: ${what}` };
}

/** `count` mutants, round-robin over the base files. */
export function mutants(bases: CorpusFile[], seed: number, count: number): Mutant[] {
  return Array.from({ length: count }, (_, i) => mutationCase(bases[i % bases.length], seed, i));
}
