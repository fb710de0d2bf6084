import { describe, expect, it, vi } from 'vitest';
import { measureObjects } from '../measure/regionprops';
import type { ObjectsView } from '../worker/api';
import { objectFileName } from './objectsSlice';
import { createStudio } from './store';
import { fakeClient, fakeSummary, fakeView } from './testClient';

const rows = measureObjects({ labels: Uint32Array.from([1, 1, 0, 2, 0, 0, 0, 0, 3, 3, 3, 0]), width: 4, height: 3 });
const view = (runId: string, threshold: number): ObjectsView => ({ runId, threshold, source: 'prediction', width: 4, height: 3, withIntensity: false, pixelSize: null, rows });

/** A store with an image and a result run-1 (threshold 0.5). */
function withResult(over: Parameters<typeof fakeClient>[0] = {}) {
  const saveFile = vi.fn();
  const s = createStudio({ client: fakeClient(over), saveFile });
  s.setState({ image: fakeView('img-1', 'cells.tif'), result: fakeSummary('run-1'), threshold: 0.5 });
  return { s, saveFile };
}

describe('objects slice', () => {
  it('measures the result at the threshold; a later request wins over a slower earlier one', async () => {
    let release!: () => void;
    const calls: [string, number][] = [];
    const { s } = withResult({
      objectsTable: async (runId: string, t: number) => {
        calls.push([runId, t]);
        if (t === 0.5) await new Promise<void>((r) => (release = r));
        return view(runId, t);
      },
    });
    const first = s.getState().measureObjects();
    s.setState({ threshold: 0.7 });
    await s.getState().measureObjects();
    release();
    await first;
    expect(calls).toEqual([['run-1', 0.5], ['run-1', 0.7]]);
    expect(s.getState().objects?.threshold).toBe(0.7);
    expect(s.getState().objectsLoading).toBe(false);
    expect(s.getState().objectsWanted).toBe(true);
  });

  it('sorts by a column (a second click reverses), selects with the outline, exports with the filter and the CLI\'s file names', async () => {
    const exportObjects = vi.fn(async () => new Uint8Array([7]));
    const objectOutline = vi.fn(async () => [{ outer: [0, 2, 3, 2, 3, 3, 0, 3], holes: [] }]);
    const { s, saveFile } = withResult({ objectsTable: async (r: string, t: number) => view(r, t), exportObjects, objectOutline });
    await s.getState().measureObjects();
    s.getState().setObjectSort('area');
    expect(s.getState().objectSort).toEqual({ key: 'area', desc: false });
    s.getState().setObjectSort('area');
    expect(s.getState().objectSort).toEqual({ key: 'area', desc: true });
    await s.getState().selectObject(rows[2]);
    expect(objectOutline).toHaveBeenCalledWith('run-1', 0.5, 3, rows[2].bbox, 'prediction');
    expect(s.getState().selectedObject?.row.label).toBe(3);
    s.getState().setObjectFilter({ minArea: 2 });
    await s.getState().downloadObjects('roi');
    expect(exportObjects).toHaveBeenCalledWith('run-1', 0.5, 'roi', { minArea: 2 }, 'prediction');
    expect(saveFile).toHaveBeenCalledWith(new Uint8Array([7]), 'cells.roi.zip', 'application/zip');
    expect(objectFileName('a.b.png', 'csv')).toBe('a.b.objects.csv');
    expect(objectFileName('a.png', 'geojson', 'truth')).toBe('a.truth.geojson');
  });

  it('shows a worker error and keeps the table it had', async () => {
    const { s } = withResult({ objectsTable: async () => { throw { code: 'internal', message: 'The worker no longer holds run "run-1"' }; } });
    s.setState({ objects: view('run-1', 0.4) });
    await s.getState().measureObjects();
    expect(s.getState().error?.message).toMatch(/no longer holds/);
    expect(s.getState().objects?.threshold).toBe(0.4);
    expect(s.getState().objectsLoading).toBe(false);
  });

  it('measures the ground truth\'s objects when chosen and a mask is open, else the prediction\'s', async () => {
    const calls: string[] = [];
    const { s } = withResult({ objectsTable: async (r: string, t: number, src?: string) => { calls.push(src ?? ''); return { ...view(r, t), source: src === 'truth' ? 'truth' : 'prediction' }; } });
    await s.getState().measureObjects();
    await s.getState().setObjectSource('truth'); // no ground truth open: still the prediction
    s.setState({ groundTruth: { imageId: 'img-1' } as never });
    await s.getState().measureObjects();
    expect(calls).toEqual(['prediction', 'prediction', 'truth']);
    expect(s.getState().objects?.source).toBe('truth');
  });
});
