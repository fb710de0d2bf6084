/**
 * Streamed exports of a large run (issue #12): the objects at a threshold (tiledComponentsSteps, merged across tile
 * borders) into a uint32 label TileStore that spills like the run's, then
 * - 'bigtiff': a tiled BigTIFF (io/tiledTiffWriter.ts, deflate, 512² tiles; uint16 when ≤ 65535 objects);
 * - 'ome-zarr': OME-NGFF 0.4 image + labels pyramids (io/omeZarrWriter.ts): into a directory when the person
 *   picked one (File System Access directory handle), else as a stored ZIP of that directory (io/streamSinks.ts
 *   says why), which zarr-python's ZipStore opens.
 * The bytes go to the file the person picked (a FileSystemFileHandle or a WritableStream of write params) or,
 * without one, into Blob parts returned as one Blob for a download. Nothing holds the whole output in memory.
 */
import { StudioError } from '../errors';
import { stridedFromRegions, writeOmeZarr, type DirSink } from '../io/omeZarrWriter';
import { blobPartsSink, writerSink, zipDirSink, type WriteParams } from '../io/streamSinks';
import { writeTiledBigTiff, type ByteSink } from '../io/tiledTiffWriter';
import { drainAsync } from '../metrics/steps';
import { tiledComponentsSteps } from '../metrics/tiledComponents';
import { TileStore, type TileArray } from '../store/tileStore';
import type { LargeExportFormat } from './largeApi';
import { heldLargeRun, workerEnv, type LargeRunEnv } from './largeRun';
import { yieldingPause } from './largePace';
import { sources } from './held';
import { parsePlaneId } from './planes';

/** Where an export goes: a picked file or folder, or a stream of write params; none → a Blob is returned. */
export type LargeExportSink = FileSystemFileHandle | FileSystemDirectoryHandle | WritableStream<WriteParams>;

/** A DirSink into a File System Access directory (nested folders created as needed). */
export function dirHandleSink(root: FileSystemDirectoryHandle): DirSink {
  const dirs = new Map<string, Promise<FileSystemDirectoryHandle>>([['', Promise.resolve(root)]]);
  const dir = (path: string): Promise<FileSystemDirectoryHandle> => {
    let d = dirs.get(path);
    if (!d) {
      const cut = path.lastIndexOf('/');
      d = dir(cut < 0 ? '' : path.slice(0, cut)).then((p) => p.getDirectoryHandle(path.slice(cut + 1), { create: true }));
      dirs.set(path, d);
    }
    return d;
  };
  return {
    async writeFile(path, data) {
      const cut = path.lastIndexOf('/');
      const fh = await (await dir(cut < 0 ? '' : path.slice(0, cut))).getFileHandle(path.slice(cut + 1), { create: true });
      const w = await fh.createWritable();
      await w.write(typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>));
      await w.close();
    },
  };
}

/**
 * Objects of the run at `threshold` as a uint32 label store (spilling like the run's); its count. Labelled tile
 * by tile, yielding to the worker's event loop between tiles, so renders and other calls get through meanwhile.
 */
async function labelStore(runId: string, threshold: number, env: LargeRunEnv, isCancelled?: () => boolean) {
  const run = heldLargeRun(runId);
  const T = run.store.tileSize;
  const spill = await env.spill(`${runId}-labels-${Date.now().toString(36)}.bin`, T * T * 4);
  const labels = new TileStore({ width: run.view.width, height: run.view.height, dtype: 'uint32', tileSize: T, budgetBytes: env.budgetBytes, spill });
  try {
    const { count } = await drainAsync(tiledComponentsSteps(run.store, threshold, { labels, isCancelled }), yieldingPause());
    return { run, labels, count };
  } catch (e) {
    labels.close();
    throw e;
  }
}

/** Export the run's labels at `threshold` as `format` into `sink`, or as a Blob when there is none. */
export async function exportLargeRun(
  runId: string, threshold: number, format: LargeExportFormat, sink?: LargeExportSink, env: LargeRunEnv = workerEnv(),
  onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean,
): Promise<Blob | undefined> {
  if (format !== 'bigtiff' && format !== 'ome-zarr') throw new StudioError('internal', `Unknown large export format "${format as string}".`);
  if (sink && 'kind' in sink && sink.kind === 'directory' && format !== 'ome-zarr')
    throw new StudioError('internal', 'A folder takes only the OME-Zarr export; pick a file for the BigTIFF.');
  const { run, labels, count } = await labelStore(runId, threshold, env, isCancelled);
  // Where bytes go: a picked file (written, then closed), a stream, or Blob parts.
  let writable: WritableStreamDefaultWriter<WriteParams> | undefined;
  let blob: ReturnType<typeof blobPartsSink> | undefined;
  let bytes: ByteSink;
  if (sink instanceof WritableStream) bytes = writerSink((writable = sink.getWriter()));
  else if (sink && sink.kind === 'file') bytes = writerSink((writable = (await sink.createWritable()).getWriter() as WritableStreamDefaultWriter<WriteParams>));
  else bytes = blob = blobPartsSink();
  try {
    const { width, height } = run.view;
    if (format === 'bigtiff') {
      const dtype = count > 0xffff ? 'uint32' : 'uint16';
      const tile16 = new Uint16Array(labels.tileSize ** 2);
      await writeTiledBigTiff(bytes, {
        width, height, dtype, tileSize: labels.tileSize, compression: 'deflate', level: 1,
        description: `object labels (${run.view.modelId}, threshold ${threshold}, 8-connected, segmentation studio)`,
      }, (tx, ty): TileArray => (dtype === 'uint32' ? labels.getTile(tx, ty) : (tile16.set(labels.getTile(tx, ty)), tile16)), onProgress, isCancelled);
    } else {
      const id = parsePlaneId(run.view.imageId)!;
      const src = sources.get(id.sourceId).source;
      const st = src.sampleType;
      const dir = sink && !(sink instanceof WritableStream) && sink.kind === 'directory' ? dirHandleSink(sink) : undefined;
      const zip = dir ? undefined : zipDirSink(bytes);
      await writeOmeZarr(dir ?? zip!, {
        width, height, chunk: labels.tileSize, pixelSize: src.pixelSize,
        image: { dtype: st === 'uint8' || st === 'uint16' || st === 'uint32' ? st : 'float32', read: stridedFromRegions((r) => src.readRegion(id.plane, r, 0)), name: src.name },
        labels: { dtype: 'uint32', read: (r, s) => labels.readRegion(r, s), name: 'segmentation' },
      }, onProgress, isCancelled);
      await zip?.finish();
    }
    if (writable) await writable.close();
    return blob?.blob(format === 'bigtiff' ? 'image/tiff' : 'application/zip');
  } catch (e) {
    await writable?.abort(e).catch(() => undefined); // a picked file is left as it was, not half written
    throw e;
  } finally {
    labels.close();
  }
}
