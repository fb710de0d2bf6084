import { describe, expect, it } from 'vitest';
import { openSource } from '../io/openSource';
import { labelsTiff } from './exports';
import type { HeldRun } from './held';

const ab = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('labelsTiff', () => {
  it('is a 16-bit OME-TIFF with the image pixel size and the 8-connected labels', async () => {
    const prob = new Float32Array([0.9, 0, 0, 0.8, 0, 0, 0, 0.7, 0, 0, 0, 0.6]); // 4×3: one pixel at the left, a column of three at the right
    const run = { id: 'r', imageId: 'i', imageName: 'cells.ome.tif', modelId: 'm', width: 4, height: 3, prob } as HeldRun;
    const src = await openSource(ab(labelsTiff(run, 0.5, { x: 0.325, y: 0.325, unit: 'µm' })), 'cells.labels.tif');
    expect(src.format).toBe('ome-tiff');
    expect(src.sampleType).toBe('uint16');
    expect(src.pixelSize).toMatchObject({ x: 0.325, y: 0.325 });
    expect(Array.from(await src.readRegion({ t: 0, z: 0, c: 0 }))).toEqual([1, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2]);
    const plain = await openSource(ab(labelsTiff(run, 0.5)), 'x.tif');
    expect(plain.pixelSize).toBeUndefined();
  });
});
