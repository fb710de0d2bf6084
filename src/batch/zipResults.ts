/**
 * The batch's files as one ZIP, streamed: each finished item's mask PNG and labels TIFF are read from
 * IndexedDB one at a time and pushed through fflate's streaming `Zip` (stored, not deflated: PNG is already
 * compressed and the writer stays O(one file)), plus the results CSV. The chunks go to a sink: a file the
 * person picked (File System Access API: nothing accumulates in memory) or, without that API, Blob parts,
 * which the browser may keep on disk.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { baseName } from './pairing';

export interface ZipEntrySource {
  /** Entries in order: path inside the zip and a function that produces its bytes when it is its turn. */
  entries: { path: string; bytes: () => Promise<Uint8Array | undefined> }[];
}

/** Zip paths of one item: `masks/<base>.mask.png` and `labels/<base>.labels.tif`. */
export const itemZipPaths = (name: string) => ({ mask: `masks/${baseName(name)}.mask.png`, labels: `labels/${baseName(name)}.labels.tif` });

/**
 * Stream `src` into `write` (called with each chunk in order; awaited, so a slow disk applies back-pressure).
 * Entries whose bytes are undefined (failed images) are left out.
 */
export async function streamZip(src: ZipEntrySource, write: (chunk: Uint8Array) => Promise<void>): Promise<number> {
  const pending: Uint8Array[] = [];
  let error: Error | null = null;
  let ended = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) error = err;
    else pending.push(chunk);
    if (final) ended = true;
  });
  const flush = async () => {
    while (pending.length) await write(pending.shift()!);
    if (error) throw error;
  };
  let n = 0;
  for (const e of src.entries) {
    const bytes = await e.bytes();
    if (!bytes) continue;
    const f = new ZipPassThrough(e.path);
    zip.add(f);
    f.push(bytes, true);
    n++;
    await flush();
  }
  zip.end();
  await flush();
  if (!ended) throw new Error('the ZIP stream did not end');
  return n;
}
