/**
 * Streamed exports of a large run, read back by independent readers: the tiled BigTIFF by tifffile, the
 * OME-Zarr ZIP by zarr-python's ZipStore, objects checked against skimage's 8-connected labelling of the same
 * mask. The run uses the deterministic fake network (tiling/testImages.ts) so the test is about the export.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobPartsSink, type WriteParams } from '../io/streamSinks';
import { fakeUnet, testImage } from '../tiling/testImages';
import { findCard, loadManifest } from '../cli/nodeSession';
import { exportLargeRun } from './largeExport';
import { heldLargeRun, largeRunCounts, largeRunProb, segmentLargePlane } from './largeRun';
import { pace } from './largePace';
import { holdTestPlane, testLargeEnv } from './largeTestEnv';

const dir = mkdtempSync(join(tmpdir(), 'lexport-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const card = findCard(loadManifest(), 'fixture-tiny-unet');
const env = testLargeEnv(card, fakeUnet, { budgetBytes: 2 * 512 * 512 * 4, adapter: 'fake' });

describe('blobPartsSink', () => {
  it('appends, zero-fills gaps, rewrites only its head', async () => {
    const s = blobPartsSink(4);
    s.write(Uint8Array.of(1, 2, 3, 4), 0);
    s.write(Uint8Array.of(5, 6), 4);
    s.write(Uint8Array.of(7), 7);
    s.write(Uint8Array.of(9), 1);
    expect(() => s.write(Uint8Array.of(0), 5)).toThrow(/only the first 4 bytes/);
    expect(Array.from(new Uint8Array(await s.blob().arrayBuffer()))).toEqual([1, 9, 3, 4, 5, 6, 0, 7]);
  });
});

describe('exportLargeRun', () => {
  it('writes labels as a tiled BigTIFF and image + labels as an OME-Zarr ZIP that tifffile / zarr-python read', async () => {
    const W = 1100, H = 700, data = testImage(W, H, 3);
    const imageId = holdTestPlane(data, W, H, 'big.tif');
    const run = await segmentLargePlane(imageId, { modelId: card.id, backend: 'wasm', tile: 64 }, () => undefined, { cancelled: false }, env);
    const t = 0.5;
    const counts = await largeRunCounts(run.runId, t);
    expect(counts.objects).toBeGreaterThan(5);
    const prob = largeRunProb(run.runId, { x: 0, y: 0, width: W, height: H });
    writeFileSync(join(dir, 'mask.bin'), Uint8Array.from(prob, (p) => (p >= t ? 1 : 0)));

    const tif = await exportLargeRun(run.runId, t, 'bigtiff', undefined, env);
    writeFileSync(join(dir, 'labels.tif'), new Uint8Array(await tif!.arrayBuffer()));
    // the same file through a stream of write params (what a picked file's writable takes)
    const file = new Uint8Array(tif!.size);
    let closed = false;
    const stream = new WritableStream<WriteParams>({ write: (c) => file.set(c.data, c.position), close: () => void (closed = true) });
    expect(await exportLargeRun(run.runId, t, 'bigtiff', stream, env)).toBeUndefined();
    expect(closed).toBe(true);
    expect(file).toEqual(new Uint8Array(await tif!.arrayBuffer()));

    const zip = await exportLargeRun(run.runId, t, 'ome-zarr', undefined, env);
    expect(zip!.type).toBe('application/zip');
    writeFileSync(join(dir, 'out.ome.zarr.zip'), new Uint8Array(await zip!.arrayBuffer()));
    writeFileSync(join(dir, 'image.bin'), Uint16Array.from(data));

    const out = execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile, zarr
from skimage.measure import label
d = '${dir}'
mask = np.fromfile(d + '/mask.bin', np.uint8).reshape(${H}, ${W}) > 0
with tifffile.TiffFile(d + '/labels.tif') as f:
    p = f.pages[0]
    lab = p.asarray()
    tiled = p.is_tiled and f.is_bigtiff
ref = label(mask, connectivity=2)
pairs = len(set(zip(lab[mask].tolist(), ref[mask].tolist())))
g = zarr.open_group(zarr.storage.ZipStore(d + '/out.ome.zarr.zip', mode='r'), mode='r')
zl = g['labels/segmentation/0'][:]
img = g['0'][:]
src = np.fromfile(d + '/image.bin', np.uint16).reshape(${H}, ${W})
print(int(tiled), int(((lab > 0) == mask).all()), int(lab.max()), int(ref.max()), pairs, int((zl == lab).all()), int((img == src).all()), g['0'].dtype, len(g.attrs['multiscales'][0]['datasets']))
`], { encoding: 'utf8' }).trim().split(' ');
    const [tiled, maskOk, maxLabel, skObjects, pairs, zarrLabels, zarrImage, dtype, levels] = out;
    expect([tiled, maskOk, zarrLabels, zarrImage, dtype]).toEqual(['1', '1', '1', '1', 'uint16']);
    // same objects as skimage: the label pairs form a bijection
    expect(Number(maxLabel)).toBe(counts.objects);
    expect(Number(skObjects)).toBe(counts.objects);
    expect(Number(pairs)).toBe(counts.objects);
    expect(Number(levels)).toBe(3); // 1100 → 550 → 275 (fits one 512 chunk)
  }, 120_000);

  it('labels the objects tile by tile with the event loop free in between: a timer set before fires during the labelling', async () => {
    const W = 1100, H = 700;
    const run = await segmentLargePlane(holdTestPlane(testImage(W, H, 5), W, H, 'pace.tif'), { modelId: card.id, backend: 'wasm', tile: 64 }, () => undefined, { cancelled: false }, env);
    const { tilesX, tilesY } = heldLargeRun(run.runId).store;
    let checks = 0, firedAt = -1;
    pace.sliceMs = 0; // pause at every tile, whatever the machine's speed
    try {
      setTimeout(() => (firedAt = checks), 0);
      // isCancelled is asked once per tile of the labelling's first pass, then by the writer
      await exportLargeRun(run.runId, 0.5, 'bigtiff', undefined, env, undefined, () => (checks++, false));
    } finally {
      pace.sliceMs = 40;
    }
    expect(tilesX * tilesY).toBe(6);
    expect(firedAt).toBeGreaterThanOrEqual(1);
    expect(firedAt).toBeLessThan(tilesX * tilesY);
  }, 60_000);
});
