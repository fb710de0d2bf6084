/** Test helpers (not shipped): byte-level fixture builders and file loading. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A standalone ArrayBuffer holding exactly these bytes (decodeImage takes ArrayBuffer). */
export const ab = (u: Uint8Array): ArrayBuffer => new Uint8Array(u).buffer as ArrayBuffer; // copy: Node Buffers are pool views

/** Shared data folder: $SEGSTUDIO_DATA or ../shared/datasets next to the repo root (never copied in). */
export function dataRoot(): string {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return process.env.SEGSTUDIO_DATA ?? join(repo, '..', 'shared', 'datasets');
}

export function readData(rel: string): ArrayBuffer | null {
  const p = join(dataRoot(), rel);
  return existsSync(p) ? ab(readFileSync(p)) : null;
}

/** Overwrite the value of the first IFD entry with `tag` in a classic little-endian TIFF from encodeTiff. */
export function patchTiffTag(t: Uint8Array, tag: number, value: number): Uint8Array {
  const out = t.slice();
  const dv = new DataView(out.buffer);
  const ifd = dv.getUint32(4, true);
  const n = dv.getUint16(ifd, true);
  for (let i = 0; i < n; i++) {
    const o = ifd + 2 + i * 12;
    if (dv.getUint16(o, true) !== tag) continue;
    if (dv.getUint16(o + 2, true) === 3) dv.setUint16(o + 8, value, true);
    else dv.setUint32(o + 8, value, true);
    return out;
  }
  throw new Error(`tag ${tag} not found`);
}

/** Hand-built little-endian BigTIFF (version 43, 8-byte offsets), one uint16 strip: checks BigTIFF support. */
export function bigTiffU16(data: Uint16Array, w: number, h: number): Uint8Array {
  const entries: [number, number, number][] = [
    [256, 4, w], [257, 4, h], [258, 3, 16], [259, 3, 1], [262, 3, 1], [273, 16, 0], [277, 3, 1], [278, 4, h], [279, 16, data.byteLength],
  ];
  const ifdLen = 8 + entries.length * 20 + 8;
  const dataOff = 16 + ifdLen;
  entries[5][2] = dataOff;
  const out = new Uint8Array(dataOff + data.byteLength);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 43, 0]);
  dv.setUint16(4, 8, true); // bytesize of offsets
  dv.setBigUint64(8, 16n, true);
  dv.setBigUint64(16, BigInt(entries.length), true);
  entries.forEach(([tag, type, v], i) => {
    const o = 24 + i * 20;
    dv.setUint16(o, tag, true);
    dv.setUint16(o + 2, type, true); // 3 SHORT, 4 LONG, 16 LONG8
    dv.setBigUint64(o + 4, 1n, true);
    if (type === 3) dv.setUint16(o + 12, v, true);
    else if (type === 4) dv.setUint32(o + 12, v, true);
    else dv.setBigUint64(o + 12, BigInt(v), true);
  });
  for (let i = 0; i < data.length; i++) dv.setUint16(dataOff + 2 * i, data[i], true);
  return out;
}
