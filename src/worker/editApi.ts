/**
 * The mask-correction part of the worker API (issue #15; worker/edit.ts, src/edit/), split from api.ts, which
 * re-exports it; `SegmentWorkerApi` extends `EditWorkerApi`.
 */
import type { EditChange } from '../edit/editSession';
import type { EditOp } from '../edit/ops';
import type { TrainingPair } from '../edit/trainingPair';
import type { TruthInfo } from './api';

// ───────────── Mask correction (issue #15; worker/edit.ts, edit/) ─────────────
// The page sends strokes and clicks (`EditOp`, image pixels), never pixels; every change answers with the
// counts and the RGBA of the touched tiles only (`EditPatch.rgba`, transferred to the page, which owns it).
// Training pair bytes are transferred to the page as well.

export type { EditOp } from '../edit/ops';
export type { EditChange } from '../edit/editSession';
export type { TrainingPair } from '../edit/trainingPair';

/** What the corrected layer looks like: its objects in colours, or where it differs from the network's mask. */
export type EditView = 'objects' | 'diff';

/** A change (edit, undo, redo) and the RGBA of `rect` (null when nothing changed). */
export interface EditPatch extends EditChange {
  rgba: Uint8ClampedArray | null;
}

/** A new editing session: its ids and size, counts, and the whole layer's RGBA. */
export interface EditStart extends EditChange {
  editId: string;
  runId: string;
  imageId: string;
  threshold: number;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export interface EditWorkerApi {
  /** Start correcting a run's mask at `threshold`: its 8-connected components become editable objects. */
  startEdit(runId: string, threshold: number, view: EditView): Promise<EditStart>;
  applyEdit(editId: string, op: EditOp, view: EditView): Promise<EditPatch>;
  undoEdit(editId: string, view: EditView): Promise<EditPatch>;
  redoEdit(editId: string, view: EditView): Promise<EditPatch>;
  /** The whole corrected layer in `view` (a view switch). */
  renderEditOverlay(editId: string, view: EditView): Promise<EditPatch>;
  dropEdit(editId: string): Promise<void>;
  /** 0/255 PNG of the corrected mask. */
  exportEditedMaskPng(editId: string): Promise<Uint8Array>;
  /** 16-bit TIFF of the corrected objects (labels 1..n). */
  exportEditedLabelsTiff(editId: string): Promise<Uint8Array>;
  /** Make the corrected objects the image's ground truth (as "Open ground truth" would); the TIFF is the mask's file. */
  useEditAsTruth(editId: string): Promise<{ info: TruthInfo; tiff: Uint8Array; name: string }>;
  /** Image + corrected mask as training files named `name` (images/NAME.png|tif, masks/NAME.png). */
  editTrainingPair(editId: string, name: string): Promise<TrainingPair>;
}
