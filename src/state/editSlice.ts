import type { StateCreator } from 'zustand';
import type { EditKind, EditOp } from '../edit/ops';
import type { Rect } from '../edit/tiledLabels';
import { pairBaseName, trainingZip, uniqueName, type TrainingPair } from '../edit/trainingPair';
import { StudioError } from '../errors';
import type { TrainingEntry } from '../storage/trainingStore';
import type { EditPatch, EditView } from '../worker/api';
import { exportFileName } from './exportSlice';
import type { Studio, StudioDeps } from './types';

/** A tool of the Edit toolbar (edit/ops.ts kinds; 'merge' takes two clicks). */
export type EditTool = EditKind;

/** The corrected layer as the viewer draws it: the whole image's RGBA, patched in place by each change. */
export interface EditOverlay {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  foregroundPixels: number;
  /** Rectangles patched since the viewer last drew (ui/canvas/tiles.ts re-puts only their tiles, then empties it). */
  pending: Rect[];
}

export interface EditState {
  editId: string;
  runId: string;
  imageId: string;
  /** Worker generation that holds it; another one lost it. */
  generation: number;
  foregroundPixels: number;
  objects: number;
  undoSteps: number;
  redoSteps: number;
}

export interface EditSlice {
  edit: EditState | null;
  editOverlay: EditOverlay | null;
  editTool: EditTool | null;
  /** Brush and eraser diameter in image pixels. */
  brushSize: number;
  showEdited: boolean;
  editView: EditView;
  /** Why the last edit changed nothing, or what it did ("Added to the training set"). */
  editNote: string | null;
  /** Merge: the first object clicked (image pixels), waiting for the second. */
  mergeFrom: [number, number] | null;
  trainingEntries: TrainingEntry[];
  /** Choosing a tool starts correcting the current result (at the current threshold); null = pan. */
  setEditTool: (tool: EditTool | null) => Promise<void>;
  setBrushSize: (size: number) => void;
  setShowEdited: (on: boolean) => void;
  setEditView: (view: EditView) => Promise<void>;
  /** Apply a finished gesture of the current tool: a stroke/path (points) or a click (one point). */
  applyGesture: (points: number[]) => Promise<void>;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  useEditAsTruth: () => Promise<void>;
  addToTrainingSet: () => Promise<void>;
  exportTrainingSet: () => Promise<void>;
  clearTrainingSet: () => Promise<void>;
  refreshTrainingSet: () => Promise<void>;
  /** The stored training pairs with their bytes (Fine-tune's "Use corrected masks"); none without a store. */
  correctedTrainingPairs: () => Promise<TrainingPair[]>;
  downloadEditedMask: () => Promise<void>;
  downloadEditedLabels: () => Promise<void>;
}

export const BRUSH_MIN = 1, BRUSH_MAX = 64;

/** The edit session of the current result, or null (none yet, another result, or a restarted worker). */
export function activeEdit(s: Studio, generation?: number): EditState | null {
  const e = s.edit;
  if (!e || !s.result || e.runId !== s.result.runId) return null;
  if (generation !== undefined && e.generation !== generation) return null;
  return e;
}

/**
 * Mask correction on the page: the toolbar's state, gestures turned into ops for the worker (edit/ops.ts),
 * the corrected layer's overlay patched in place from each change's RGBA, and the training set
 * (storage/trainingStore.ts, zipped by edit/trainingPair.ts).
 */
export const createEditSlice = (deps: StudioDeps): StateCreator<Studio, [], [], EditSlice> => (set, get) => {
  const store = deps.trainingStore;
  /** Serialise worker calls: a stroke, then Ctrl+Z at once, must apply in that order. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T,>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => undefined);
    return next;
  };

  const ensure = async (): Promise<EditState> => {
    const s = get();
    const live = activeEdit(s, deps.client.generation());
    if (live) return live;
    if (!s.result) throw new StudioError('internal', 'Segment an image first, then correct its mask.');
    const generation = deps.client.generation();
    const start = await deps.client.startEdit(s.result.runId, s.threshold, s.editView);
    const edit: EditState = { editId: start.editId, runId: start.runId, imageId: start.imageId, generation, foregroundPixels: start.foregroundPixels, objects: start.objects, undoSteps: start.undoSteps, redoSteps: start.redoSteps };
    set({ edit, editOverlay: { width: start.width, height: start.height, rgba: start.rgba, foregroundPixels: start.foregroundPixels, pending: [] }, showEdited: true, editNote: null });
    return edit;
  };

  /** Take a change's counts and copy its RGBA into the overlay (row by row; the viewer re-puts those tiles). */
  const take = (p: EditPatch, whole = false) => {
    const { edit, editOverlay } = get();
    if (!edit || !editOverlay) return;
    let overlay = editOverlay;
    if (p.rgba && p.rect) {
      if (whole) overlay = { width: editOverlay.width, height: editOverlay.height, rgba: p.rgba, foregroundPixels: p.foregroundPixels, pending: [] };
      else {
        const { x, y, width, height } = p.rect;
        for (let r = 0; r < height; r++) editOverlay.rgba.set(p.rgba.subarray(r * width * 4, (r + 1) * width * 4), ((y + r) * editOverlay.width + x) * 4);
        editOverlay.pending.push(p.rect);
      }
    }
    set({
      edit: { ...edit, foregroundPixels: p.foregroundPixels, objects: p.objects, undoSteps: p.undoSteps, redoSteps: p.redoSteps },
      editOverlay: { ...overlay, foregroundPixels: p.foregroundPixels },
      editNote: p.note ?? null,
    });
  };

  const guarded = (f: () => Promise<void>) => serial(async () => {
    try {
      await f();
    } catch (e) {
      get().showError(e);
    }
  });

  const opFor = (tool: EditTool, pts: number[], size: number): EditOp | 'pending' | null => {
    const [x, y] = pts;
    const radius = size / 2;
    switch (tool) {
      case 'brush': return { kind: 'brush', points: pts, radius };
      case 'erase': return { kind: 'erase', points: pts, radius };
      case 'fill': return { kind: 'fill', x, y };
      case 'delete': return { kind: 'delete', x, y };
      case 'split': return pts.length >= 4 ? { kind: 'split', points: pts } : null;
      case 'draw': return pts.length >= 6 ? { kind: 'draw', points: pts } : null;
      case 'merge': {
        const from = get().mergeFrom;
        if (!from) {
          set({ mergeFrom: [x, y], editNote: 'Now click the object to merge into the first one.' });
          return 'pending';
        }
        set({ mergeFrom: null });
        return { kind: 'merge', ax: from[0], ay: from[1], bx: x, by: y };
      }
    }
  };

  const save = (make: () => Promise<[Uint8Array, string, string] | null>) => guarded(async () => {
    const f = await make();
    if (f) deps.saveFile(...f);
  });
  const imageName = () => get().image?.name ?? 'image';

  return {
    edit: null,
    editOverlay: null,
    editTool: null,
    brushSize: 8,
    showEdited: true,
    editView: 'objects',
    editNote: null,
    mergeFrom: null,
    trainingEntries: [],
    setEditTool: (tool) => guarded(async () => {
      set({ editTool: tool, mergeFrom: null });
      if (tool) await ensure();
    }),
    setBrushSize: (size) => set({ brushSize: Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, Math.round(size))) }),
    setShowEdited: (showEdited) => set({ showEdited }),
    setEditView: (view) => guarded(async () => {
      set({ editView: view });
      const e = activeEdit(get(), deps.client.generation());
      if (e) take(await deps.client.renderEditOverlay(e.editId, view), true);
    }),
    applyGesture: (points) => guarded(async () => {
      const { editTool, brushSize } = get();
      if (!editTool || points.length < 2) return;
      const op = opFor(editTool, points, brushSize);
      if (!op) return set({ editNote: editTool === 'draw' ? 'Draw the outline of the new object (drag around it).' : 'Drag a line across the object to split it.' });
      if (op === 'pending') return;
      const e = await ensure();
      take(await deps.client.applyEdit(e.editId, op, get().editView));
    }),
    undo: () => guarded(async () => {
      const e = activeEdit(get(), deps.client.generation());
      if (e) take(await deps.client.undoEdit(e.editId, get().editView));
    }),
    redo: () => guarded(async () => {
      const e = activeEdit(get(), deps.client.generation());
      if (e) take(await deps.client.redoEdit(e.editId, get().editView));
    }),
    useEditAsTruth: () => guarded(async () => {
      const e = await ensure();
      const generation = deps.client.generation();
      const sourceId = get().image?.sourceId;
      if (!sourceId) throw new StudioError('internal', 'Open an image first.');
      const { info, tiff, name } = await deps.client.useEditAsTruth(e.editId);
      const file = new File([tiff as Uint8Array<ArrayBuffer>], name, { type: 'image/tiff' });
      set({ groundTruth: { ...info, sourceId, file, invert: false, generation }, invertTruth: false, editNote: `The corrected mask is now the ground truth (${info.objects} objects).` });
      await Promise.all([get().refreshMetrics(), get().overlayMode === 'errors' ? get().refreshOverlay() : undefined]);
    }),
    addToTrainingSet: () => guarded(async () => {
      if (!store) throw new StudioError('internal', 'No training store in this page.');
      const e = await ensure();
      const name = uniqueName(`${pairBaseName(imageName())}_corrected`, (await store.list()).map((p) => p.name));
      const pair = await deps.client.editTrainingPair(e.editId, name);
      await store.add(pair);
      set({ trainingEntries: await store.list(), editNote: `Added “${name}” to the training set (${store.where}).` });
    }),
    exportTrainingSet: () => save(async () => {
      if (!store) return null;
      const pairs = await store.all();
      if (!pairs.length) throw new StudioError('internal', 'The training set is empty: correct a mask and “Add to training set” first.');
      return [trainingZip(pairs), 'training-set.zip', 'application/zip'];
    }),
    clearTrainingSet: () => guarded(async () => {
      await store?.clear();
      set({ trainingEntries: [] });
    }),
    refreshTrainingSet: () => guarded(async () => {
      if (store) set({ trainingEntries: await store.list() });
    }),
    correctedTrainingPairs: async () => (store ? store.all() : []),
    downloadEditedMask: () => save(async () => {
      const e = await ensure();
      return [await deps.client.exportEditedMaskPng(e.editId), exportFileName(imageName(), 'corrected_mask.png'), 'image/png'];
    }),
    downloadEditedLabels: () => save(async () => {
      const e = await ensure();
      return [await deps.client.exportEditedLabelsTiff(e.editId), exportFileName(imageName(), 'corrected_labels.tif'), 'image/tiff'];
    }),
  };
};
