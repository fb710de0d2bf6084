/**
 * Where "Add to training set" keeps its pairs in the browser: IndexedDB (one object store, one record per
 * pair with its PNG/TIFF bytes), so corrections survive a reload and never leave the machine. A Map-backed
 * store serves tests and browsers without IndexedDB (private windows of some browsers), for the tab's life.
 */
import type { TrainingPair } from '../edit/trainingPair';

/** A stored pair's summary (without its bytes), for the panel's list. */
export interface TrainingEntry {
  name: string;
  width: number;
  height: number;
  foregroundPixels: number;
  addedAt: number;
}

export interface TrainingStore {
  /** Where pairs are kept, for the panel ("this browser (IndexedDB)"). */
  readonly where: string;
  add(pair: TrainingPair): Promise<void>;
  list(): Promise<TrainingEntry[]>;
  all(): Promise<TrainingPair[]>;
  clear(): Promise<void>;
}

const entry = (p: TrainingPair & { addedAt: number }): TrainingEntry =>
  ({ name: p.name, width: p.width, height: p.height, foregroundPixels: p.foregroundPixels, addedAt: p.addedAt });

export function memoryTrainingStore(): TrainingStore {
  const pairs = new Map<string, TrainingPair & { addedAt: number }>();
  return {
    where: 'this tab (memory)',
    add: async (p) => void pairs.set(p.name, { ...p, addedAt: Date.now() }),
    list: async () => [...pairs.values()].map(entry),
    all: async () => [...pairs.values()],
    clear: async () => pairs.clear(),
  };
}

const DB = 'segstudio-training', STORE = 'pairs';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** IndexedDB when the browser has it, else memory. */
export function browserTrainingStore(): TrainingStore {
  if (typeof indexedDB === 'undefined') return memoryTrainingStore();
  let db: Promise<IDBDatabase> | undefined;
  const open = () => (db ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'name' });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
  }));
  const tx = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode).objectStore(STORE);
  const all = async () => (await request((await tx('readonly')).getAll())) as (TrainingPair & { addedAt: number })[];
  return {
    where: 'this browser (IndexedDB)',
    add: async (p) => void (await request((await tx('readwrite')).put({ ...p, addedAt: Date.now() }))),
    list: async () => (await all()).map(entry).sort((a, b) => a.addedAt - b.addedAt),
    all,
    clear: async () => void (await request((await tx('readwrite')).clear())),
  };
}
