import { describe, expect, it, vi } from 'vitest';
import type { PlaneSelection } from '../io/source';
import type { ImageView, StackSummary } from '../worker/api';
import { createStudio } from './store';
import { fakeClient, fakeSummary, fakeView } from './testClient';

/** Views of a 1×3×2 (T×Z×C) file "s-1" whose plane ids are "s-1:t:z:c", as the worker names them. */
const stackView = (plane: PlaneSelection, window = 0): ImageView => ({
  ...fakeView(`s-1:${plane.t}:${plane.z}:${plane.c}`, 'stack.ome.tif'),
  sourceId: 's-1', plane, axes: { sizeT: 1, sizeZ: 3, sizeC: 2, channelNames: ['DAPI', 'GFP'], rgb: false },
  rgba: new Uint8ClampedArray(48).fill(window),
});

function setup() {
  const viewPlane = vi.fn(async (_s: string, plane: PlaneSelection, display?: { channels: { window?: [number, number] }[] }) =>
    stackView(plane, display?.channels[0]?.window?.[1] ?? 0));
  const segment = vi.fn(async (imageId: string) => fakeSummary(`run-${imageId}`, imageId));
  const stack: StackSummary = {
    stackId: 'stk-1', sourceId: 's-1', channel: 0, ms: 3,
    planes: [0, 1, 2].map((z) => ({ t: 0, z, index: z, imageId: `s-1:0:${z}:0`, summary: fakeSummary(`stk-1#${z}`, `s-1:0:${z}:0`) })),
  };
  const segmentStack = vi.fn(async () => stack);
  const client = fakeClient({ openImage: async () => stackView({ t: 0, z: 0, c: 0 }), viewPlane, segment, segmentStack, stackMetrics: vi.fn() });
  const s = createStudio({ client, saveFile: vi.fn() });
  return { s, viewPlane, segment, segmentStack };
}

describe('planes and stacks in the store', () => {
  it('moving Z shows that plane and its own result; an unsegmented plane has none', async () => {
    const { s, viewPlane } = setup();
    await s.getState().init();
    await s.getState().openFile(new File([new Uint8Array(3)], 'stack.ome.tif'));
    await s.getState().startRun();
    expect(s.getState().result?.imageId).toBe('s-1:0:0:0');
    await s.getState().setPlane({ z: 2 });
    expect(viewPlane).toHaveBeenLastCalledWith('s-1', { t: 0, z: 2, c: 0 }, undefined);
    expect(s.getState().image?.imageId).toBe('s-1:0:2:0');
    expect(s.getState().result).toBeNull();
    await s.getState().setPlane({ z: 0 });
    expect(s.getState().result?.runId).toBe('run-s-1:0:0:0');
  });

  it('a stack run fills every plane; the display changes the picture but keeps the result', async () => {
    const { s, segmentStack } = setup();
    await s.getState().init();
    await s.getState().openFile(new File([new Uint8Array(3)], 'stack.ome.tif'));
    await s.getState().setPlane({ z: 1 });
    await s.getState().startStackRun();
    expect(segmentStack).toHaveBeenCalledWith('s-1', 0, expect.anything(), expect.any(Function));
    expect(s.getState().result?.runId).toBe('stk-1#1');
    await s.getState().setPlane({ z: 2 });
    expect(s.getState().result?.runId).toBe('stk-1#2');
    const overlay = s.getState().overlay;
    await s.getState().setDisplay({ channels: [{ channel: 0, color: '#ffffff', window: [0, 99] }] });
    expect(s.getState().image?.rgba[0]).toBe(99);
    expect(s.getState().result?.runId).toBe('stk-1#2');
    expect(s.getState().overlay).toBe(overlay);
    // The display is kept when the model channel changes.
    await s.getState().setPlane({ c: 1 });
    expect(s.getState().image?.imageId).toBe('s-1:0:2:1');
    expect(s.getState().image?.rgba[0]).toBe(99);
    expect(s.getState().result).toBeNull(); // channel 1 was never segmented
  });
});
