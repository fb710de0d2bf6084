/**
 * Node adapters for the streamed stores and writers: a positioned-write file sink (tiled BigTIFF), a
 * directory sink (OME-Zarr), and a temp-file spill backing for TileStore — the Node counterparts of the
 * browser's FileSystemWritableFileStream, FileSystemDirectoryHandle and OPFS sync access handle.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ByteSink } from '../io/tiledTiffWriter';
import type { DirSink } from '../io/omeZarrWriter';
import { fileSpill, type SpillBacking, type SyncFile } from '../store/spill';

/** A file opened for positioned writes (created or truncated). */
export function fileSink(path: string): ByteSink & { close(): void } {
  const fd = openSync(path, 'w');
  return {
    write(data, position) {
      let done = 0;
      while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
    },
    close: () => closeSync(fd),
  };
}

/** A directory (created as needed) that takes relative '/' paths. */
export function dirSink(root: string): DirSink {
  return {
    writeFile(path, data) {
      const p = join(root, path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, data);
    },
  };
}

/** A SyncFile over a Node file descriptor (the shape of OPFS's FileSystemSyncAccessHandle). */
export function nodeSyncFile(path: string): SyncFile {
  const fd = openSync(path, 'w+');
  return {
    read: (b, { at }) => readSync(fd, b, 0, b.length, at),
    write: (b, { at }) => writeSync(fd, b, 0, b.length, at),
    close: () => closeSync(fd),
  };
}

/** A spill backing in a fresh temp directory, deleted on close. */
export function tempSpill(tileBytes: number): SpillBacking {
  const dir = mkdtempSync(join(tmpdir(), 'segstudio-spill-'));
  const inner = fileSpill(nodeSyncFile(join(dir, 'tiles.bin')), tileBytes);
  return {
    write: (i, b) => inner.write(i, b),
    read: (i, b) => inner.read(i, b),
    close() {
      inner.close();
      rmSync(dir, { recursive: true, force: true });
    },
    get bytesWritten() {
      return inner.bytesWritten;
    },
  };
}
