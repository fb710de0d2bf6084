/**
 * Node-only (CLI, scripts): open a file by path as an ImageSource, reading a TIFF's header now and its
 * strips/tiles per region through one file descriptor, so a stack larger than memory can be processed.
 * Never imported by the page or the worker (it uses node:fs).
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { StudioError } from '../errors';
import { type ByteReader, cachedReader } from './byteReader';
import { openSourceFrom } from './openSource';
import type { ImageSource } from './source';

/** A ByteReader over a file descriptor; `close()` closes it. */
export async function fileReader(path: string): Promise<ByteReader> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StudioError('not-an-image', code === 'ENOENT' ? `"${path}" does not exist.` : `"${path}" cannot be read (${code ?? String(e)}).`);
  }
  const size = (await fh.stat()).size;
  let closed = false;
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, offset + got);
        if (bytesRead === 0) break; // file shrank under us: hand back what is there (readers report truncation)
        got += bytesRead;
      }
      return buf.buffer.slice(0, got);
    },
    async close() {
      if (!closed) { closed = true; await fh.close(); }
    },
  };
}

/**
 * Open the file at `path` as an ImageSource (name = its base name). Call `close()` on the source when done:
 * it holds the file open for region reads. On error the file is closed before the StudioError is thrown.
 */
export async function openSourceFromFile(path: string, signal?: AbortSignal): Promise<ImageSource> {
  const reader = await fileReader(path);
  try {
    const src = await openSourceFrom(cachedReader(reader), basename(path), signal);
    // PNG/JPEG are decoded whole already; a TIFF source's close() closes the reader (geotiff source close).
    if (src.format === 'png' || src.format === 'jpeg') await reader.close?.();
    return src;
  } catch (e) {
    await reader.close?.();
    throw e;
  }
}
