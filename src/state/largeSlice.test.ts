import { describe, expect, it } from 'vitest';
import type { LargeImageView, RegionRequest } from '../worker/largeApi';
import { createStudio } from './store';
import { fakeClient, fakeView } from './testClient';

const largeView = (id: string): LargeImageView => ({
  kind: 'large', sourceId: `src-${id}`, imageId: `src-${id}:0:0:0`, plane: { t: 0, z: 0, c: 0 }, name: 'big.tif', format: 'tiff',
  width: 12000, height: 9000, sampleType: 'uint16', levels: [{ width: 12000, height: 9000, downsample: 1 }], window: [10, 900], openMs: 5,
});
const file = (name: string) => new File([new Uint8Array(8)], name);

describe('large images in the store', () => {
  it('sends the File itself and routes a large view to largeImage (image stays null); a small one back to image', async () => {
    const sent: unknown[] = [];
    let gen = 0, n = 0;
    const renders: [string, RegionRequest, [number, number]][] = [];
    const client = fakeClient({
      openImage: async (f: Blob | ArrayBuffer, name: string) => (sent.push(f), name === 'big.tif' ? largeView(String(++n)) : fakeView('img-s', name)),
      renderImageRegion: async (sourceId: string, _p, req: RegionRequest, window: [number, number]) => (renders.push([sourceId, req, window]), { rgba: new Uint8ClampedArray(4), width: 1, height: 1, level: 0 }),
      generation: () => gen,
    });
    const store = createStudio({ client, saveFile: () => undefined });
    const big = file('big.tif');
    await store.getState().openFile(big);
    expect(sent[0]).toBe(big); // no arrayBuffer copy
    expect(store.getState().image).toBeNull();
    expect(store.getState().largeImage?.sourceId).toBe('src-1');
    const req = { rect: { x: 0, y: 0, width: 12000, height: 9000 }, outWidth: 800, outHeight: 600 };
    const got = await store.getState().renderLargeRegion(req);
    expect(got?.overlay).toBeNull();
    expect(renders[0]).toEqual(['src-1', req, [10, 900]]);
    // A restarted worker: the file is opened again before the render, under its new ids.
    gen = 1;
    await store.getState().renderLargeRegion(req);
    expect(sent.length).toBe(2);
    expect(renders[1][0]).toBe('src-2');
    // Contrast: the person's window goes into the render call; "Auto" (null) returns to the sampled one.
    store.getState().setLargeWindow([0, 255]);
    await store.getState().renderLargeRegion(req);
    expect(renders[2][2]).toEqual([0, 255]);
    store.getState().setLargeWindow(null);
    await store.getState().renderLargeRegion(req);
    expect(renders[3][2]).toEqual([10, 900]);
    store.getState().setLargeWindow([5, 6]);
    await store.getState().openFile(file('big.tif')); // another image: its own sampled window
    expect(store.getState().largeWindow).toBeNull();
    await store.getState().openFile(file('small.png'));
    expect(store.getState().largeImage).toBeNull();
    expect(store.getState().image?.name).toBe('small.png');
  });
});
