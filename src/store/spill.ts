/**
 * Where a TileStore puts tiles that do not fit its memory budget. Tiles have a fixed byte size, so slot `i`
 * lives at byte `i · tileBytes` of one flat file: no index, no fragmentation, every read/write one call.
 * All calls are synchronous on purpose: OPFS's FileSystemSyncAccessHandle (worker only) and Node's
 * fs.readSync/writeSync are, and a synchronous store keeps every consumer a plain loop.
 */

/** A tile-sized byte slot store. */
export interface SpillBacking {
  /** Copy `bytes` into slot `index` (bytes.length = the store's tile bytes). */
  write(index: number, bytes: Uint8Array): void;
  /** Fill `into` from slot `index`; returns false when the slot was never written. */
  read(index: number, into: Uint8Array): boolean;
  /** Release the file (and delete it where the backing owns it). */
  close(): void;
  /** Bytes held by the backing (for reports). */
  readonly bytesWritten: number;
}

/** In-memory backing for tests: a Map of copies (spills nothing to disk, but exercises the spill path). */
export function memorySpill(): SpillBacking {
  const slots = new Map<number, Uint8Array>();
  let bytes = 0;
  return {
    write(i, b) {
      if (!slots.has(i)) bytes += b.length;
      slots.set(i, b.slice());
    },
    read(i, into) {
      const s = slots.get(i);
      if (!s) return false;
      into.set(s);
      return true;
    },
    close() {
      slots.clear();
    },
    get bytesWritten() {
      return bytes;
    },
  };
}

/**
 * The part of a synchronous random-access file both OPFS (`FileSystemSyncAccessHandle`) and the Node adapter
 * (cli/nodeSyncFile.ts) offer: positioned reads and writes that return the byte count.
 */
export interface SyncFile {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}

/** Slots in one flat file of fixed-size records; a slot never written reads as absent (tracked in a bitset). */
export function fileSpill(file: SyncFile, tileBytes: number): SpillBacking {
  const written = new Set<number>();
  return {
    write(i, b) {
      const n = file.write(b, { at: i * tileBytes });
      if (n !== b.length) throw new Error(`spill file: wrote ${n} of ${b.length} bytes (disk full?)`);
      written.add(i);
    },
    read(i, into) {
      if (!written.has(i)) return false;
      const n = file.read(into, { at: i * tileBytes });
      if (n !== into.length) throw new Error(`spill file: read ${n} of ${into.length} bytes`);
      return true;
    },
    close() {
      written.clear();
      file.close();
    },
    get bytesWritten() {
      return written.size * tileBytes;
    },
  };
}
