import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import type { EditOp } from '../edit/ops';
import { memoryTrainingStore } from '../storage/trainingStore';
import type { EditPatch, EditStart } from '../worker/api';
import { activeEdit } from './editSlice';
import { createStudio } from './store';
import { fakeClient, fakeSummary } from './testClient';

const counts = { tiles: [], rect: null, changed: 0, foregroundPixels: 5, objects: 2, undoSteps: 0, redoSteps: 0, historyBytes: 0 };
const start: EditStart = { ...counts, editId: 'edit-1', runId: 'run-1', imageId: 'img-1', threshold: 0.5, width: 4, height: 3, rgba: new Uint8ClampedArray(48) };

/** A store with an image and a result, and a worker whose edits are recorded. */
async function setup() {
  const ops: EditOp[] = [];
  const client = fakeClient({
    startEdit: vi.fn(async () => ({ ...start, rgba: new Uint8ClampedArray(48) })),
    applyEdit: vi.fn(async (_id: string, op: EditOp): Promise<EditPatch> => {
      ops.push(op);
      // A patch of the 2×1 rectangle at (1, 2), opaque red.
      return { ...counts, changed: 2, foregroundPixels: 3, undoSteps: ops.length, rect: { x: 1, y: 2, width: 2, height: 1 }, tiles: [0], rgba: new Uint8ClampedArray([255, 0, 0, 255, 255, 0, 0, 255]) };
    }),
    editTrainingPair: vi.fn(async (_id: string, name: string) => ({ name, imageFile: `${name}.png`, image: new Uint8Array([1]), maskFile: `${name}.png`, mask: new Uint8Array([2]), width: 4, height: 3, foregroundPixels: 3 })),
  });
  const saveFile = vi.fn();
  const s = createStudio({ client, saveFile, trainingStore: memoryTrainingStore() });
  await s.getState().openFile(new File([new Uint8Array([1])], 'cells.png'));
  s.setState({ result: fakeSummary('run-1') });
  return { s, client, ops, saveFile };
}

describe('edit slice', () => {
  it('a tool starts the session at the threshold; a stroke goes to the worker as points and patches the overlay in place', async () => {
    const { s, client, ops } = await setup();
    s.setState({ threshold: 0.3 });
    await s.getState().setEditTool('erase');
    expect(client.startEdit).toHaveBeenCalledWith('run-1', 0.3, 'objects');
    const rgba = s.getState().editOverlay!.rgba;
    s.getState().setBrushSize(10);
    await s.getState().applyGesture([0, 0, 3, 2]);
    expect(ops).toEqual([{ kind: 'erase', points: [0, 0, 3, 2], radius: 5 }]);
    const o = s.getState().editOverlay!;
    expect(o.rgba).toBe(rgba); // patched in place, not a new buffer
    expect(Array.from(o.rgba.subarray((2 * 4 + 1) * 4, (2 * 4 + 3) * 4))).toEqual([255, 0, 0, 255, 255, 0, 0, 255]);
    expect(o.pending).toEqual([{ x: 1, y: 2, width: 2, height: 1 }]);
    expect(s.getState().edit).toMatchObject({ foregroundPixels: 3, undoSteps: 1 });
  });

  it('merge takes two clicks; brush size stays in 1..64', async () => {
    const { s, ops } = await setup();
    await s.getState().setEditTool('merge');
    await s.getState().applyGesture([1, 1]);
    expect(ops).toEqual([]);
    expect(s.getState().editNote).toMatch(/click the object/);
    await s.getState().applyGesture([3, 2]);
    expect(ops).toEqual([{ kind: 'merge', ax: 1, ay: 1, bx: 3, by: 2 }]);
    s.getState().setBrushSize(500);
    expect(s.getState().brushSize).toBe(64);
    s.getState().setBrushSize(0);
    expect(s.getState().brushSize).toBe(1);
  });

  it('a new result leaves the old session behind: no active edit until a tool is picked again', async () => {
    const { s, client } = await setup();
    await s.getState().setEditTool('brush');
    expect(activeEdit(s.getState())).not.toBeNull();
    s.setState({ result: fakeSummary('run-2') });
    expect(activeEdit(s.getState())).toBeNull();
    await s.getState().setEditTool('brush');
    expect(client.startEdit).toHaveBeenCalledTimes(2);
  });

  it('adds uniquely named pairs to the training set and exports them as one zip', async () => {
    const { s, saveFile } = await setup();
    await s.getState().addToTrainingSet();
    await s.getState().addToTrainingSet();
    expect(s.getState().trainingEntries.map((e) => e.name)).toEqual(['cells_corrected', 'cells_corrected_2']);
    await s.getState().exportTrainingSet();
    const [bytes, name, type] = saveFile.mock.calls[0];
    expect([name, type]).toEqual(['training-set.zip', 'application/zip']);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(['README.txt', 'images/cells_corrected.png', 'images/cells_corrected_2.png', 'masks/cells_corrected.png', 'masks/cells_corrected_2.png']);
    await s.getState().clearTrainingSet();
    await s.getState().exportTrainingSet();
    expect(s.getState().error?.message).toMatch(/training set is empty/);
  });
});
