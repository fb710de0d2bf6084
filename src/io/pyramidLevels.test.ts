/**
 * Pyramidal OME-TIFF (SubIFDs, written by python3-tifffile): the source lists the file's own levels and reads
 * any plane's region at any level, exactly the values tifffile wrote there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSourceFromBlob } from './openSource';
import { corpusUnavailable, PYTHON } from './testCorpus';

const W = 517, H = 301;
const SCRIPT = `
import sys, numpy as np, tifffile
y, x = np.mgrid[0:${H}, 0:${W}]
base = ((x * 37 + y * 91) % 4096 + 7 * (x // 50)).astype(np.uint16)
with tifffile.TiffWriter(sys.argv[1]) as tw:
    lv = [base, base[::2, ::2], base[::4, ::4]]
    tw.write(np.stack([lv[0], lv[0] + 1]), subifds=2, tile=(64, 64), compression='zlib', metadata={'axes': 'CYX'})
    for k in (1, 2):
        tw.write(np.stack([lv[k], lv[k] + 1]), subfiletype=1, tile=(64, 64), compression='zlib')
`;
const value = (x: number, y: number, c: number) => ((x * 37 + y * 91) % 4096) + 7 * Math.floor(x / 50) + c;

describe.skipIf(corpusUnavailable())('TIFF SubIFD pyramid levels', () => {
  it('lists the levels and reads regions of every plane at every level', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pyr-')), 'p.ome.tif');
    execFileSync(PYTHON, ['-c', SCRIPT, file]);
    const s = await openSourceFromBlob(new Blob([readFileSync(file)]), 'p.ome.tif');
    expect(s.sizeC).toBe(2);
    expect(s.levels).toEqual([{ width: W, height: H, downsample: 1 }, { width: 259, height: 151, downsample: 2 }, { width: 130, height: 76, downsample: 4 }]);
    for (const [level, d] of [[0, 1], [1, 2], [2, 4]]) {
      const rect = { x: 101, y: 37, width: 300, height: 200 }; // level rect: floor(start/d) … ceil(end/d)
      const x0 = Math.floor(101 / d), y0 = Math.floor(37 / d), x1 = Math.ceil(401 / d), y1 = Math.ceil(237 / d);
      const got = await s.readRegion({ t: 0, z: 0, c: 1 }, rect, level);
      expect(got.length).toBe((x1 - x0) * (y1 - y0));
      let bad = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (got[(y - y0) * (x1 - x0) + x - x0] !== value(x * d, y * d, 1)) bad++;
      expect(bad).toBe(0);
    }
    await expect(s.readRegion({ t: 0, z: 0, c: 0 }, undefined, 3)).rejects.toThrow(/resolution level/);
  });
});
