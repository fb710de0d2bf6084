/**
 * Minimal baseline TIFF writer (TIFF 6.0): little-endian, one uncompressed strip per page, one sample per pixel,
 * BlackIsZero. Uint8Array → 8-bit uint, Uint16Array → 16-bit uint, Float32Array → 32-bit IEEE float
 * (SampleFormat 3). Used for test fixtures, float/16-bit exports that PNG cannot hold, and (through
 * `encodeTiffPages` with a description) the multi-page OME-TIFF label stacks of io/encodeOmeTiff.ts.
 */

export type TiffPage = Uint8Array | Uint16Array | Float32Array;

export interface TiffPagesOptions {
  /** ImageDescription (tag 270) of the first page, written as UTF-8 (OME-XML goes here). */
  description?: string;
}

const SHORT = 3, LONG = 4, ASCII = 2;
/** Strips start on 16-byte boundaries so readers may view them directly as typed arrays. */
const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** One page as a single-strip TIFF (the historical single-page layout: IFD at byte 8, strip right after). */
export function encodeTiff(data: TiffPage, width: number, height: number): Uint8Array {
  return encodeTiffPages([data], width, height);
}

/** Where everything of a multi-page TIFF goes, known before any pixel exists (pages are uncompressed and equal). */
export interface TiffLayout {
  /** Header, IFDs and description, zero-padded up to the first strip: the file's first `head.length` bytes. */
  head: Uint8Array;
  /** Byte offset of each page's strip. */
  stripOffsets: number[];
  /** Bytes of one strip. */
  stripBytes: number;
  /** File size. */
  size: number;
}

/** Sample kind of a page: its typed array's element size and TIFF SampleFormat (1 uint, 3 IEEE float). */
export interface TiffSample {
  bytes: 1 | 2 | 4;
  format: 1 | 3;
}

export const tiffSampleOf = (p: TiffPage): TiffSample => ({ bytes: p.BYTES_PER_ELEMENT as 1 | 2 | 4, format: p instanceof Float32Array ? 3 : 1 });

/**
 * The layout of `pageCount` same-size pages: all IFDs first (chained in page order), then the description, then
 * one strip per page on a 16-byte boundary. A writer can emit `head` and then each strip at its offset as the
 * planes are produced, holding one plane at a time (segmentOutputs.ts); encodeTiffPages does it in memory.
 */
export function tiffLayout(pageCount: number, width: number, height: number, sample: TiffSample, opts: TiffPagesOptions = {}): TiffLayout {
  if (!(pageCount >= 1)) throw new Error('encodeTiffPages: no pages');
  const stripBytes = width * height * sample.bytes;
  // NUL-padded to ≥ 5 bytes so the value is always stored at an offset (≤ 4 bytes would sit in the entry itself).
  const desc = opts.description !== undefined ? new TextEncoder().encode(opts.description.padEnd(4, '\0') + '\0') : undefined;
  const tags = (page: number, stripOffset: number, descOffset: number): [tag: number, type: number, count: number, value: number][] => [
    [256, LONG, 1, width], // ImageWidth
    [257, LONG, 1, height], // ImageLength
    [258, SHORT, 1, sample.bytes * 8], // BitsPerSample
    [259, SHORT, 1, 1], // Compression: none
    [262, SHORT, 1, 1], // PhotometricInterpretation: BlackIsZero
    ...(page === 0 && desc ? [[270, ASCII, desc.length, descOffset] as [number, number, number, number]] : []), // ImageDescription
    [273, LONG, 1, stripOffset], // StripOffsets
    [277, SHORT, 1, 1], // SamplesPerPixel
    [278, LONG, 1, height], // RowsPerStrip: one strip
    [279, LONG, 1, stripBytes], // StripByteCounts
    [284, SHORT, 1, 1], // PlanarConfiguration: chunky
    [339, SHORT, 1, sample.format], // SampleFormat
  ]; // tags must be ascending (TIFF 6.0 §2)

  const ifdLen = (page: number) => 2 + tags(page, 0, 0).length * 12 + 4; // always even: IFDs stay word-aligned
  const ifdOff: number[] = [];
  let off = 8;
  for (let p = 0; p < pageCount; p++) { ifdOff.push(off); off += ifdLen(p); }
  const descOff = off;
  if (desc) off += desc.length;
  const stripOffsets: number[] = [];
  for (let p = 0; p < pageCount; p++) { off = align16(off); stripOffsets.push(off); off += stripBytes; }
  if (off > 0xffffffff) throw new Error(`encodeTiff: ${off} bytes exceed classic TIFF's 4 GiB`);

  const head = new Uint8Array(stripOffsets[0]);
  const dv = new DataView(head.buffer);
  head.set([0x49, 0x49, 42, 0]); // "II*\0"
  dv.setUint32(4, ifdOff[0], true);
  for (let p = 0; p < pageCount; p++) {
    const entries = tags(p, stripOffsets[p], descOff);
    const base = ifdOff[p];
    dv.setUint16(base, entries.length, true);
    entries.forEach(([tag, type, count, value], i) => {
      const o = base + 2 + i * 12;
      dv.setUint16(o, tag, true);
      dv.setUint16(o + 2, type, true);
      dv.setUint32(o + 4, count, true);
      if (type === SHORT) dv.setUint16(o + 8, value, true); // left-justified in the 4-byte value field
      else dv.setUint32(o + 8, value, true); // LONG value, or the ASCII offset (the description is > 4 bytes)
    });
    dv.setUint32(base + 2 + entries.length * 12, p + 1 < pageCount ? ifdOff[p + 1] : 0, true); // next IFD
  }
  if (desc) head.set(desc, descOff);
  return { head, stripOffsets, stripBytes, size: off };
}

/**
 * Several same-size, same-type pages in one TIFF (layout: `tiffLayout`). With one page and no description the
 * bytes equal the old single-page writer's.
 */
export function encodeTiffPages(pages: TiffPage[], width: number, height: number, opts: TiffPagesOptions = {}): Uint8Array {
  if (pages.length === 0) throw new Error('encodeTiffPages: no pages');
  const first = pages[0];
  for (const [i, p] of pages.entries()) {
    if (p.length !== width * height) throw new Error(`encodeTiff: ${p.length} values for ${width}×${height} (page ${i})`);
    if (p.constructor !== first.constructor) throw new Error(`encodeTiff: page ${i} has another sample type than page 0`);
  }
  const layout = tiffLayout(pages.length, width, height, tiffSampleOf(first), opts);
  const out = new Uint8Array(layout.size);
  out.set(layout.head);
  pages.forEach((p, k) => out.set(stripBytes(p), layout.stripOffsets[k]));
  return out;
}

/** One page's strip: pixel bytes in little-endian order regardless of the host (DataView, not a typed-array view). */
export function stripBytes(data: TiffPage): Uint8Array {
  if (data instanceof Uint8Array) return data;
  const out = new Uint8Array(data.byteLength);
  const dv = new DataView(out.buffer);
  if (data instanceof Uint16Array) for (let i = 0; i < data.length; i++) dv.setUint16(2 * i, data[i], true);
  else for (let i = 0; i < data.length; i++) dv.setFloat32(4 * i, data[i], true);
  return out;
}
