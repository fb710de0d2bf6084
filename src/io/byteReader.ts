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
