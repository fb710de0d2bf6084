/**
 * The streamed Node pipeline against the whole-image one on the same image, with the real fixture model:
 * same objects, and its BigTIFF labels read back by the studio's own TIFF decoder (geotiff).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { rasterSource } from '../io/openSource';
import { labelComponents } from '../metrics/components';
import { thresholdMask } from '../tiling/threshold';
import { testImage } from '../tiling/testImages';
import { predict } from './evalCore';
import { findCard, loadManifest, openModel } from './nodeSession';
import { segmentLarge } from './segmentLarge';

describe('segmentLarge (fixture-tiny-unet, onnxruntime-node)', () => {
  it('finds the same objects as the whole-image pipeline and writes them as a tiled BigTIFF', async () => {
    const m = await openModel(findCard(loadManifest(), 'fixture-tiny-unet'), undefined, { threads: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'seglarge-'));
    try {
      const w = 700, h = 530, data = testImage(w, h, 11);
      const src = rasterSource({ data, width: w, height: h, format: 'tiff', sampleType: 'uint16', note: '' } as never, 'test.tif');
      // threshold near the fixture's 60th percentile probability, so there are many objects; put halfway
      // between two 16-bit levels, where round(p·65535) ≥ t·65535 ⟺ p ≥ t: no pixel can flip by quantisation
      const ref = await predict(m, { data, width: w, height: h }, 4);
      const t = (Math.floor(Float32Array.from(ref).sort()[Math.floor(ref.length * 0.6)] * 65535) + 0.5) / 65535;
      const refLabels = labelComponents(thresholdMask(ref, t), w, h);
      const out = join(dir, 'labels.tif');
      const r = await segmentLarge(src, { t: 0, z: 0, c: 0 }, m, out, { threshold: t, tile: 'card', budgetMB: 1, zarrDir: join(dir, 'out.zarr') });
      expect(r.objects).toBeGreaterThan(10);
      expect(r.spilledBytes).toBeGreaterThan(0);
      const back = await decodeImage(readFileSync(out).buffer as ArrayBuffer, 'labels.tif');
      expect([back.width, back.height]).toEqual([w, h]);
      let diff = 0;
      for (let i = 0; i < w * h; i++) if ((back.data[i] > 0) !== (refLabels.labels[i] > 0)) diff++;
      expect(diff).toBe(0);
      expect(r.objects).toBe(refLabels.count);
      expect(back.data.reduce((a, b) => Math.max(a, b), 0)).toBe(refLabels.count);
      // the OME-Zarr export holds the same labels and the input image (zarr-python and tifffile read them)
      const py = execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile, zarr
g = zarr.open_group('${join(dir, 'out.zarr')}', mode='r')
lab = g['labels/segmentation/0'][:]
tif = tifffile.imread('${out}')
print(int((lab == tif).all()), g['0'].dtype, int(g['0'][:].sum()), len(g.attrs['multiscales'][0]['datasets']))
`], { encoding: 'utf8' }).trim().split(' ');
      expect(py[0]).toBe('1');
      expect(py[1]).toBe('uint16');
      expect(Number(py[2])).toBe(data.reduce((a, b) => a + b, 0));
      expect(Number(py[3])).toBe(2); // 700 → 350 fits one 512 chunk
    } finally {
      await m.release();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
