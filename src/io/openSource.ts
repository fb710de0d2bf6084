/**
 * Open any supported file as an ImageSource (io/source.ts): TIFF family (OME-TIFF, ImageJ hyperstack, plain
 * multi-page, multi-sample, BigTIFF) on geotiff with region reads; PNG and JPEG decoded once. The format is
 * sniffed from magic bytes, never from the name. Node callers with a path use openSourceNode.ts.
 */
import { StudioError } from '../errors';
import { type ByteReader, blobReader, bufferReader, cachedReader } from './byteReader';
import { sniffFormat } from './decode';
import { cropPlane, jpegSource, planesSource, pngSource } from './planesSource';
import type { ImageSource } from './source';
import { openTiffSource } from './tiffSource';
import type { Raster } from './types';

export { cropPlane };

/** A decoded single plane (decodeImage's Raster) served through the ImageSource contract: one plane, one channel. */
export function rasterSource(r: Raster, name: string): ImageSource {
  return planesSource({ name, format: r.format, width: r.width, height: r.height, sampleType: r.sampleType, planes: [r.data], rgb: false, note: r.note });
}

/** PNG and JPEG are decoded whole anyway: at most this many bytes are read into memory for them. */
const MAX_SMALL_FILE = 512 * 1024 * 1024;

/**
 * Open bytes held by `reader`. TIFFs read only their header here; PNG/JPEG are read and decoded now.
 * Errors are StudioError (empty-file, not-an-image, truncated-file, unsupported-*, image-too-large).
 */
export async function openSourceFrom(reader: ByteReader, name: string, signal?: AbortSignal): Promise<ImageSource> {
  if (reader.size === 0) throw new StudioError('empty-file', `The file "${name}" is empty (0 bytes).`);
  const head = new Uint8Array(await reader.read(0, 8));
  const fmt = sniffFormat(head);
  if (fmt === 'tiff') return openTiffSource(reader, name, signal);
  if (fmt === 'png' || fmt === 'jpeg') {
    if (reader.size > MAX_SMALL_FILE)
      throw new StudioError('image-too-large', `"${name}" is a ${(reader.size / 2 ** 20).toFixed(0)} MB ${fmt.toUpperCase()}; PNG and JPEG files are decoded whole, up to ${MAX_SMALL_FILE / 2 ** 20} MB. Convert it to a tiled TIFF.`);
    const bytes = new Uint8Array(await reader.read(0, reader.size));
    return fmt === 'png' ? pngSource(bytes, name) : jpegSource(bytes, name);
  }
  const hex = Array.from(head.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new StudioError('not-an-image', `"${name}" is not a supported image (first bytes ${hex}). Accepted formats: PNG, JPEG, TIFF (including BigTIFF).`);
}

/** Open a file's bytes (already in memory) as an ImageSource. */
export function openSource(bytes: ArrayBuffer, name: string): Promise<ImageSource> {
  return openSourceFrom(bufferReader(bytes), name);
}

/**
 * Blob reads are cached in blocks of this size (at most BLOB_CACHE_BLOCKS of them: 48 MiB). Each
 * File.slice().arrayBuffer() is a round trip to the browser process (about 25 ms measured in Chromium,
 * whatever its length up to megabytes), so reading compressed tiles of a few KB one by one would cost
 * seconds per hundred tiles; a 1 MiB block serves dozens of them.
 */
const BLOB_BLOCK = 2 ** 20;
const BLOB_CACHE_BLOCKS = 48;

/**
 * Open a Blob/File as an ImageSource without reading it whole: a TIFF reads its header now and each region's
 * strips/tiles on demand (geotiff over Blob.slice, through a bounded block cache), so a multi-GB stack costs
 * memory only for what is read.
 */
export function openSourceFromBlob(blob: Blob, name: string, signal?: AbortSignal): Promise<ImageSource> {
  return openSourceFrom(cachedReader(blobReader(blob), BLOB_BLOCK, BLOB_CACHE_BLOCKS), name, signal);
}
