/**
 * Mask correction in the worker (issue #15): editing sessions on a run's mask, held by id. The page sends
 * strokes and clicks (edit/ops.ts EditOp), never pixels; each change answers with the counts and the RGBA of
 * the touched tiles only. The corrected layer is exported like a result, becomes the image's ground truth on
 * request (through truth.ts openTruth, the same path as an opened mask), and makes training pairs.
 */
import { EditSession, type EditChange } from '../edit/editSession';
import type { EditOp } from '../edit/ops';
import { renderDiffRgba, renderLabelsRgba } from '../edit/overlay';
import { buildTrainingPair, pairBaseName, type TrainingPair } from '../edit/trainingPair';
import { StudioError } from '../errors';
import { encodeGrayPng } from '../io/encodePng';
import { encodeTiff } from '../io/encodeTiff';
import { compactLabels } from '../metrics/truthLabels';
import { thresholdMask } from '../tiling/threshold';
import type { EditPatch, EditStart, EditView, TruthInfo } from './api';
import { nextId, type HeldImage, type HeldRun } from './held';
import { openTruth } from './truth';

interface HeldEdit {
  id: string;
  run: HeldRun;
  image: HeldImage;
  threshold: number;
  session: EditSession;
}

/** Few: a session holds its layer and a reference to its run's probability map and image. */
const MAX_EDITS = 2;
const edits = new Map<string, HeldEdit>();

function editOf(id: string): HeldEdit {
  const e = edits.get(id);
  if (!e) throw new StudioError('internal', `The worker no longer holds the corrections "${id}"; start editing again.`);
  return e;
}

const whole = (e: HeldEdit) => ({ x: 0, y: 0, width: e.run.width, height: e.run.height });

function render(e: HeldEdit, view: EditView, rect: { x: number; y: number; width: number; height: number }) {
  return view === 'diff' ? renderDiffRgba(e.session.layer, e.run.prob, e.threshold, rect).rgba : renderLabelsRgba(e.session.layer, rect);
}

/** A session on the run's mask at `threshold` (its 8-connected components become the objects). */
export function startEdit(run: HeldRun, image: HeldImage, threshold: number, view: EditView): EditStart {
  const id = nextId('edit');
  const session = EditSession.fromMask(thresholdMask(run.prob, threshold), run.width, run.height);
  edits.set(id, { id, run, image, threshold, session });
  while (edits.size > MAX_EDITS) edits.delete(edits.keys().next().value as string);
  const e = editOf(id);
  return { editId: id, runId: run.id, imageId: run.imageId, threshold, width: run.width, height: run.height, ...session.state(), rgba: render(e, view, whole(e)) };
}

function patch(e: HeldEdit, c: EditChange, view: EditView): EditPatch {
  return { ...c, rgba: c.rect ? render(e, view, c.rect) : null };
}

export const applyEdit = (id: string, op: EditOp, view: EditView): EditPatch => {
  const e = editOf(id);
  return patch(e, e.session.apply(op), view);
};
export const undoEdit = (id: string, view: EditView): EditPatch => {
  const e = editOf(id);
  return patch(e, e.session.undo(), view);
};
export const redoEdit = (id: string, view: EditView): EditPatch => {
  const e = editOf(id);
  return patch(e, e.session.redo(), view);
};

/** The whole layer in `view` (objects or the difference from the network), with its counts. */
export function renderEdit(id: string, view: EditView): EditPatch {
  const e = editOf(id);
  const r = whole(e);
  return { ...e.session.state(), tiles: [], rect: r, rgba: render(e, view, r) };
}

export function dropEdit(id: string): void {
  edits.delete(id);
}

/** 0/255 PNG of the corrected layer. */
export function editedMaskPng(id: string): Uint8Array {
  const e = editOf(id);
  const labels = e.session.layer.toLabels();
  const bytes = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) bytes[i] = labels[i] ? 255 : 0;
  return encodeGrayPng(bytes, e.run.width, e.run.height);
}

/** 16-bit TIFF of the corrected objects, labels renumbered 1..n (gaps closed). */
export function editedLabelsTiff(id: string): Uint8Array {
  const e = editOf(id);
  const { labels, count } = compactLabels(e.session.layer.toLabels());
  if (count > 0xffff) throw new StudioError('internal', `The corrected mask has ${count} objects; a 16-bit label image holds at most 65535.`);
  return encodeTiff(Uint16Array.from(labels), e.run.width, e.run.height);
}

/**
 * "Use as ground truth": the corrected objects become the image's ground truth (instance labels), so the
 * metrics panel and the error map score the network against them. Returns the TIFF too: the page keeps it
 * as the mask's file, to send again to a restarted worker.
 */
export async function useEditAsTruth(id: string): Promise<{ info: TruthInfo; tiff: Uint8Array; name: string }> {
  const e = editOf(id);
  const tiff = editedLabelsTiff(id);
  const name = `${pairBaseName(e.image.name)}_corrected.tif`;
  const info = await openTruth(e.image, tiff.slice().buffer, name, false);
  return { info, tiff, name };
}

/** Image + corrected mask as training files (edit/trainingPair.ts); `name` is the pair's base name. */
export function editTrainingPair(id: string, name: string): TrainingPair {
  const e = editOf(id);
  return buildTrainingPair(name, e.image.data, e.image.sampleType, e.session.layer.toLabels(), e.run.width, e.run.height);
}
