/**
 * TileStore spill backing in the Origin Private File System, for the worker: one file per store, opened
 * with a FileSystemSyncAccessHandle (synchronous positioned reads/writes, dedicated workers only), removed
 * again on close. Tiles beyond the store's memory budget live there, so a result larger than memory stays
 * in this origin's private storage and never leaves the machine.
 */
import { fileSpill, type SpillBacking, type SyncFile } from '../store/spill';

/** Where OPFS is missing (Firefox private windows, old browsers) callers keep tiles in memory instead. */
export const opfsAvailable = (): boolean =>
  typeof navigator !== 'undefined' && !!navigator.storage?.getDirectory && typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype;

/** A fresh OPFS spill file named `name` (replaced if it exists) holding slots of tileBytes. */
export async function opfsSpill(name: string, tileBytes: number): Promise<SpillBacking> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('tile-spill', { create: true });
  const fh = await dir.getFileHandle(name, { create: true });
  const handle = await (fh as FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncFile & { truncate(n: number): void; flush(): void }> }).createSyncAccessHandle();
  handle.truncate(0);
  const inner = fileSpill(handle, tileBytes);
  return {
    write: (i, b) => inner.write(i, b),
    read: (i, b) => inner.read(i, b),
    close() {
      inner.close();
      void dir.removeEntry(name).catch(() => undefined); // best effort: the origin's storage is cleared with the site data anyway
    },
    get bytesWritten() {
      return inner.bytesWritten;
    },
  };
}

/**
 * Delete spill files left behind by workers that ended without closing their stores (a crash, a closed tab).
 * A file another live worker still has open is locked by its sync access handle, so removing it fails and
 * it stays. Best effort; resolves with the number of files removed.
 */
export async function sweepStaleSpills(): Promise<number> {
  let removed = 0;
  try {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('tile-spill', { create: true });
    const names: string[] = [];
    for await (const name of (dir as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) names.push(name);
    for (const name of names) await dir.removeEntry(name).then(() => removed++, () => undefined);
  } catch {
    // no OPFS, or the directory cannot be listed: nothing to sweep
  }
  return removed;
}
