/**
 * Random access to a file's bytes, whatever holds them (ArrayBuffer, Blob/File, a Node file descriptor), so
 * a TIFF source reads only its header up front and then the strips/tiles a region needs.
 */
import { GeoTIFF } from 'geotiff';

export interface ByteReader {
  /** File size in bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length) clipped to the file (shorter at the end, never padded). */
  read(offset: number, length: number, signal?: AbortSignal): Promise<ArrayBuffer>;
  close?(): Promise<void> | void;
}

export function bufferReader(buf: ArrayBuffer): ByteReader {
  return { size: buf.byteLength, read: async (o, n) => buf.slice(o, Math.min(buf.byteLength, o + n)) };
}

/** Blob/File reader: `Blob.slice().arrayBuffer()` works in windows, workers and Node alike (FileReader does not). */
export function blobReader(blob: Blob): ByteReader {
  return { size: blob.size, read: (o, n) => blob.slice(o, Math.min(blob.size, o + n)).arrayBuffer() };
}

/**
 * A geotiff GeoTIFF over a ByteReader (geotiff's own fromBlob uses FileReader, which Node lacks). The object
 * has the shape of geotiff's BaseSource, which the package does not export.
 */
export function geotiffOver(reader: ByteReader, signal?: AbortSignal): Promise<GeoTIFF> {
  type Slice = { offset: number; length: number };
  const source = {
    fileSize: reader.size,
    async fetchSlice(s: Slice, sig?: AbortSignal) {
      if (sig?.aborted) throw new DOMException('Request aborted', 'AbortError');
      return { data: await reader.read(s.offset, s.length, sig), offset: s.offset, length: s.length };
    },
    async fetch(slices: Slice[], sig?: AbortSignal) {
      return Promise.all(slices.map(async (s) => (await source.fetchSlice(s, sig)).data));
    },
    close: async () => { await reader.close?.(); },
  };
  return GeoTIFF.fromSource(source as unknown as Parameters<typeof GeoTIFF.fromSource>[0], undefined, signal);
}

/**
 * Serve small reads (TIFF directories, tag arrays, small strips) from cached fixed-size blocks: opening a stack
 * walks one directory per page, and thousands of tiny File/fd reads cost far more than a few 64 KiB ones.
 * Reads of a block or more go straight through. Memory: at most `maxBlocks` × `blockSize` bytes (LRU).
 */
export function cachedReader(inner: ByteReader, blockSize = 64 * 1024, maxBlocks = 32): ByteReader {
  const blocks = new Map<number, Promise<ArrayBuffer>>();
  const block = (i: number, signal?: AbortSignal): Promise<ArrayBuffer> => {
    let b = blocks.get(i);
    if (b) blocks.delete(i); // re-insert: most recently used last
    else {
      b = inner.read(i * blockSize, blockSize, signal);
      b.catch(() => blocks.delete(i));
    }
    blocks.set(i, b);
    if (blocks.size > maxBlocks) blocks.delete(blocks.keys().next().value!);
    return b;
  };
  return {
    size: inner.size,
    async read(offset, length, signal) {
      const end = Math.min(inner.size, offset + length);
      if (length >= blockSize || end <= offset) return inner.read(offset, length, signal);
      const first = Math.floor(offset / blockSize), last = Math.floor((end - 1) / blockSize);
      const out = new Uint8Array(end - offset);
      for (let i = first; i <= last; i++) {
        const b = new Uint8Array(await block(i, signal));
        const from = Math.max(offset, i * blockSize), to = Math.min(end, i * blockSize + b.length);
        if (to > from) out.set(b.subarray(from - i * blockSize, to - i * blockSize), from - offset);
      }
      return out.buffer;
    },
    close: () => inner.close?.(),
  };
}
