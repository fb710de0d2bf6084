/** Save bytes as a file through a temporary object URL and an <a download> click. */
export function saveBytes(bytes: Uint8Array, name: string, type: string): void {
  clickDownload(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
}

/** Save a Blob (e.g. one built from Blob parts by the worker) as a download, without copying it. */
export const saveBlob = (blob: Blob, name: string): void => clickDownload(blob, name);

type Picker<H> = (o: { suggestedName?: string; mode?: 'readwrite' }) => Promise<H>;

/**
 * Where a large export goes (state/types.ts StudioDeps.pickLargeSink): with the File System Access API, the
 * person picks a file for the BigTIFF, or a folder in which `name` (the .ome.zarr directory) is created;
 * null when they close the picker; undefined without the API (the export then comes back as a download).
 */
export async function pickLargeSink(format: 'bigtiff' | 'ome-zarr', name: string): Promise<FileSystemFileHandle | FileSystemDirectoryHandle | null | undefined> {
  const g = globalThis as { showSaveFilePicker?: Picker<FileSystemFileHandle>; showDirectoryPicker?: Picker<FileSystemDirectoryHandle> };
  try {
    if (format === 'bigtiff') return typeof g.showSaveFilePicker === 'function' ? await g.showSaveFilePicker({ suggestedName: name }) : undefined;
    if (typeof g.showDirectoryPicker !== 'function') return undefined;
    const parent = await g.showDirectoryPicker({ mode: 'readwrite' });
    return await parent.getDirectoryHandle(name, { create: true });
  } catch (e) {
    if ((e as { name?: string }).name === 'AbortError') return null;
    throw e;
  }
}

function clickDownload(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Writer = (chunk: Uint8Array) => Promise<void>;
interface SavePicker {
  (o: { suggestedName: string }): Promise<{ createWritable(): Promise<{ write(c: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }> }>;
}

/**
 * Save a file produced piece by piece. Where the File System Access API exists, the person picks the file and
 * every chunk goes straight to disk (nothing accumulates in memory); elsewhere the chunks become Blob parts
 * (which the browser may page to disk) and one download. A cancelled picker saves nothing, silently.
 */
export async function saveStream(name: string, type: string, produce: (write: Writer) => Promise<unknown>): Promise<void> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (typeof picker === 'function') {
    let handle;
    try {
      handle = await picker({ suggestedName: name });
    } catch (e) {
      if ((e as { name?: string }).name === 'AbortError') return;
      throw e;
    }
    const w = await handle.createWritable();
    try {
      await produce((c) => w.write(c));
      await w.close();
    } catch (e) {
      await w.abort().catch(() => undefined);
      throw e;
    }
    return;
  }
  const parts: Uint8Array<ArrayBuffer>[] = [];
  await produce(async (c) => void parts.push(c as Uint8Array<ArrayBuffer>));
  clickDownload(new Blob(parts, { type }), name);
}
