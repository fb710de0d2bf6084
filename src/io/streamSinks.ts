/**
 * Sinks that let the streamed writers (tiledTiffWriter.ts ByteSink, omeZarrWriter.ts DirSink) write in the
 * browser as they write files in Node (cli/nodeFiles.ts), without ever holding the whole output in the JS heap:
 * - blobPartsSink: positioned writes collected as Blob parts (a Blob's bytes live in the browser's blob
 *   store, which pages large blobs to disk, not in the worker's heap), handed out as one Blob for a download;
 * - writerSink: positioned writes into a WritableStream of FileSystemWritableFileStream write params (a file
 *   the person picked with the File System Access API, or an OPFS file);
 * - zipDirSink: a DirSink that streams a ZIP archive (fflate Zip, entries stored, since Zarr chunks are
 *   zlib-compressed already) into an append-only byte sink. OME-Zarr has no single-file form in NGFF 0.4;
 *   a stored ZIP of the directory is what zarr-python's ZipStore (and napari through it) opens, so that is the
 *   browser's download form; with a directory handle the studio writes the directory itself (dirHandleSink in
 *   worker/largeExport.ts).
 */
import { Zip, ZipPassThrough } from 'fflate';
import { StudioError } from '../errors';
import type { DirSink } from './omeZarrWriter';
import type { ByteSink } from './tiledTiffWriter';

/** A ByteSink building a Blob: appends at the end (gaps are zero-filled), rewrites only inside the first `headBytes`. */
export function blobPartsSink(headBytes = 16): ByteSink & { readonly size: number; blob(type?: string): Blob } {
  const head = new Uint8Array(headBytes);
  const parts: BlobPart[] = [];
  let end = 0;
  return {
    write(data, position) {
      if (position < headBytes) {
        // the header's pointers are patched at the end (tiledTiffWriter.ts): the head stays a plain array
        const n = Math.min(data.length, headBytes - position);
        head.set(data.subarray(0, n), position);
        end = Math.max(end, position + n);
        if (n === data.length) return;
        data = data.subarray(n);
        position += n;
      }
      if (position < Math.max(end, headBytes))
        throw new StudioError('internal', `blobPartsSink: a write at ${position} goes back before the end (${end}); only the first ${headBytes} bytes can be rewritten`);
      end = Math.max(end, headBytes);
      if (position > end) parts.push(new Uint8Array(position - end));
      parts.push(new Blob([data as Uint8Array<ArrayBuffer>]));
      end = position + data.length;
    },
    get size() {
      return end;
    },
    blob: (type = 'application/octet-stream') => new Blob([head.subarray(0, Math.min(end, headBytes)), ...parts], { type }),
  };
}

/** What a FileSystemWritableFileStream's writer takes (and what a transferred one forwards). */
export type WriteParams = { type: 'write'; position: number; data: Uint8Array };

/** A ByteSink over a stream writer of FileSystemWritableFileStream write params (awaits each write: backpressure). */
export function writerSink(writer: { write(chunk: WriteParams): Promise<void> }): ByteSink {
  return { write: (data, position) => writer.write({ type: 'write', position, data }) };
}

/** ZIP (no Zip64 in fflate): an archive past this many bytes is refused rather than written broken. */
export const ZIP_MAX_BYTES = 2 ** 32 - 2 ** 20;

/**
 * A DirSink that writes a ZIP archive, entry by entry, into `out` at increasing positions. Call `finish()` after
 * the last file: it writes the central directory and resolves with the archive's size.
 */
export function zipDirSink(out: ByteSink): DirSink & { finish(): Promise<number> } {
  let pos = 0;
  let pending: Promise<void> = Promise.resolve();
  let failed: unknown;
  const zip = new Zip((err, chunk) => {
    if (err) {
      failed = err;
      return;
    }
    const at = pos;
    pos += chunk.length;
    if (pos > ZIP_MAX_BYTES) failed ??= new StudioError('out-of-range', 'The OME-Zarr ZIP would pass 4 GB, which ZIP without Zip64 cannot hold: choose a folder to write the OME-Zarr directory into instead.');
    pending = pending.then(() => out.write(chunk, at));
  });
  const check = () => {
    if (failed) throw failed instanceof Error ? failed : new StudioError('internal', String(failed));
  };
  return {
    async writeFile(path, data) {
      check();
      const f = new ZipPassThrough(path);
      zip.add(f);
      f.push(typeof data === 'string' ? new TextEncoder().encode(data) : data, true);
      await pending; // one entry at a time in flight: memory stays at one chunk
      check();
    },
    async finish() {
      zip.end();
      await pending;
      check();
      return pos;
    },
  };
}
