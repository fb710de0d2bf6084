/**
 * A light walk of a TIFF's main page chain: the offset and basic geometry of every IFD, read straight from the
 * entries (a few bytes per page) instead of a full geotiff parse per page (≈0.25 ms each: 25 s for a 100k-plane
 * time-lapse). geotiff parses a page only when one of its planes is read. Damaged headers, directories past
 * the end and page loops are caught here, before geotiff can throw raw RangeErrors.
 */
import type { ByteReader } from './byteReader';
import { truncated } from './limits';
import type { PageInfo } from './tiffLayout';

/** More pages than this in one chain is a corrupt (or adversarial) file, not a stack. */
const MAX_PAGES = 2_000_000;

export interface PageRef extends PageInfo {
  /** Byte offset of the IFD. */
  offset: number;
}

export interface PageChain {
  littleEndian: boolean;
  bigTiff: boolean;
  pages: PageRef[];
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 6: 1, 7: 1, 8: 2, 9: 4, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

export async function walkPages(r: ByteReader, name: string): Promise<PageChain> {
  const head = new DataView(await r.read(0, 16));
  if (head.byteLength < 8) throw truncated(name, 'TIFF', `header needs 8 bytes, got ${head.byteLength}`);
  const le = head.getUint8(0) === 0x49;
  const big = head.getUint16(2, le) === 43;
  if (big && head.byteLength < 16) throw truncated(name, 'TIFF', `header needs 16 bytes, got ${head.byteLength}`);
  const entryLen = big ? 20 : 12, countLen = big ? 8 : 2, ptrLen = big ? 8 : 4;
  const readUint = (dv: DataView, o: number, size: number) =>
    size === 1 ? dv.getUint8(o) : size === 2 ? dv.getUint16(o, le) : size === 4 ? dv.getUint32(o, le) : Number(dv.getBigUint64(o, le));

  /** First value of an entry (inline, or at the pointed-to offset when it does not fit). */
  const firstValue = async (dv: DataView, e: number): Promise<number> => {
    const type = dv.getUint16(e + 2, le);
    const size = TYPE_SIZE[type] ?? 4;
    const count = readUint(dv, e + 4, big ? 8 : 4);
    const at = e + 4 + (big ? 8 : 4);
    if (count * size <= ptrLen) return readUint(dv, at, size);
    const ptr = readUint(dv, at, ptrLen);
    if (ptr + size > r.size) throw truncated(name, 'TIFF', `tag ${dv.getUint16(e, le)} points to byte ${ptr}, file has ${r.size}`);
    return readUint(new DataView(await r.read(ptr, size)), 0, size);
  };

  const pages: PageRef[] = [];
  const seen = new Set<number>();
  let offset = readUint(head, big ? 8 : 4, ptrLen);
  while (offset && !seen.has(offset) && pages.length < MAX_PAGES) {
    seen.add(offset);
    const which = pages.length === 0 ? 'first directory' : `directory of page ${pages.length + 1}`;
    if (offset + countLen > r.size) throw truncated(name, 'TIFF', `${which} at byte ${offset}, file has ${r.size}`);
    // One read per page in the usual case (≤ 40 entries); a read costs more than the bytes it brings.
    let dv = new DataView(await r.read(offset, countLen + 40 * entryLen + ptrLen));
    const n = readUint(dv, 0, countLen);
    const len = n * entryLen + ptrLen;
    if (offset + countLen + len > r.size) throw truncated(name, 'TIFF', `${which} ends at byte ${offset + countLen + len}, file has ${r.size}`);
    dv = dv.byteLength >= countLen + len ? new DataView(dv.buffer, countLen, len) : new DataView(await r.read(offset + countLen, len));
    const page: PageRef = { offset, width: 0, height: 0, samples: 1, bits: 1, sampleFormat: 1, reduced: false };
    for (let i = 0; i < n; i++) {
      const e = i * entryLen;
      const tag = dv.getUint16(e, le);
      if (tag === 256) page.width = await firstValue(dv, e);
      else if (tag === 257) page.height = await firstValue(dv, e);
      else if (tag === 258) page.bits = await firstValue(dv, e);
      else if (tag === 277) page.samples = await firstValue(dv, e);
      else if (tag === 339) page.sampleFormat = await firstValue(dv, e);
      else if (tag === 254) page.reduced = ((await firstValue(dv, e)) & 1) === 1;
    }
    pages.push(page);
    offset = readUint(dv, n * entryLen, ptrLen);
  }
  return { littleEndian: le, bigTiff: big, pages };
}
