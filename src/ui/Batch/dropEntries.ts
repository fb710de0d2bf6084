/**
 * The files of a drop, folders included (DataTransferItem.webkitGetAsEntry, read recursively), each with its
 * path inside the dropped folder — dropped files have no webkitRelativePath of their own, and mask pairing
 * needs the folder names (batch/pairing.ts).
 */
export async function dropEntries(dt: DataTransfer): Promise<{ file: File; path: string }[]> {
  const roots = Array.from(dt.items ?? []).map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!roots.length) return Array.from(dt.files ?? []).map((file) => ({ file, path: file.name }));
  const out: { file: File; path: string }[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const file = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      out.push({ file, path: prefix + file.name });
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      // readEntries returns at most ~100 entries a call: read until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const c of batch) await walk(c, `${prefix}${e.name}/`);
      }
    }
  };
  for (const r of roots) await walk(r, '');
  return out;
}
