/**
 * The studio batch kept in the browser's IndexedDB, so a reload (or a crash) resumes where it stopped:
 * the queue with the dropped files themselves (File objects are stored by structured clone; they never leave
 * the machine), each finished image's table row, mask PNG and labels TIFF, and the run settings.
 * One batch at a time (a new one replaces it). Thin promise wrapper over the raw API: no dependency.
 */
import type { BatchRow } from './table';
import type { SegmentOptions } from '../worker/api';

export type ItemStatus = 'queued' | 'done' | 'failed';

export interface StoredItem {
  /** Position in the sorted queue; also the key. */
  index: number;
  name: string;
  path: string;
  file: Blob;
  mask?: { file: Blob; name: string };
  status: ItemStatus;
  /** One row per plane. */
  rows?: BatchRow[];
  error?: string;
  maskPng?: Blob;
  labelsTiff?: Blob;
  /** Date.now() when it finished (a resumed batch leaves it unchanged). */
  doneAt?: number;
}

export interface StoredBatch {
  options: SegmentOptions;
  threshold: number;
  createdAt: number;
  /** Masks that matched no image, and skipped non-image files (shown with the table). */
  unmatched: string[];
  skipped: string[];
}

const DB = 'segstudio-batch';
const VERSION = 1;

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

let opened: Promise<IDBDatabase> | undefined;
function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, VERSION);
    r.onupgradeneeded = () => {
      r.result.createObjectStore('items', { keyPath: 'index' });
      r.result.createObjectStore('meta');
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
  });
  return opened;
}

async function tx<T>(stores: string[], mode: IDBTransactionMode, f: (t: IDBTransaction) => Promise<T> | T): Promise<T> {
  const t = (await db()).transaction(stores, mode);
  const done = new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted (storage full?)'));
  });
  const out = await f(t);
  await done;
  return out;
}

/** Replace the stored batch with a new one. */
export const saveBatch = (batch: StoredBatch, items: StoredItem[]): Promise<void> =>
  tx(['items', 'meta'], 'readwrite', (t) => {
    t.objectStore('items').clear();
    for (const it of items) t.objectStore('items').put(it);
    t.objectStore('meta').put(batch, 'batch');
  });

/** Store one item (a finished or failed image) without touching the others. */
export const saveItem = (item: StoredItem): Promise<void> => tx(['items'], 'readwrite', (t) => void t.objectStore('items').put(item));

/** The stored batch with its items in queue order, or null when there is none. */
export const loadBatch = (): Promise<{ batch: StoredBatch; items: StoredItem[] } | null> =>
  tx(['items', 'meta'], 'readonly', async (t) => {
    const batch = (await req(t.objectStore('meta').get('batch'))) as StoredBatch | undefined;
    const items = (await req(t.objectStore('items').getAll())) as StoredItem[];
    return batch ? { batch, items: items.sort((a, b) => a.index - b.index) } : null;
  });

/** One stored item (with its result files), or undefined. */
export const loadItem = (index: number): Promise<StoredItem | undefined> =>
  tx(['items'], 'readonly', (t) => req(t.objectStore('items').get(index)) as Promise<StoredItem | undefined>);

export const clearBatch = (): Promise<void> =>
  tx(['items', 'meta'], 'readwrite', (t) => {
    t.objectStore('items').clear();
    t.objectStore('meta').clear();
  });
