/**
 * fastWindow (the typed-array block copy) against geotiff's own readRasters on files written by
 * python3-tifffile: tiled and striped, unaligned windows, edge blocks, 8/16/32-bit integers and float32,
 * deflate (with and without the horizontal predictor) and none; a big-endian file and a 3-sample file are left to geotiff (null).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { fastWindow } from './fastWindow';
import { corpusUnavailable, PYTHON } from './testCorpus';

const SCRIPT = `
import sys, os, numpy as np, tifffile
d = sys.argv[1]
y, x = np.mgrid[0:203, 0:301]
v = (x * 37 + y * 91) % 65521
tifffile.imwrite(os.path.join(d, 'tiled16.tif'), v.astype(np.uint16), tile=(64, 64), compression='zlib')
tifffile.imwrite(os.path.join(d, 'strip_i16.tif'), (v - 30000).astype(np.int16), rowsperstrip=7, compression='zlib', predictor=True)
tifffile.imwrite(os.path.join(d, 'strip_u8.tif'), (v % 251).astype(np.uint8), rowsperstrip=16)
tifffile.imwrite(os.path.join(d, 'tiled_f32.tif'), (v / 7.0).astype(np.float32), tile=(32, 48), compression='zlib')
tifffile.imwrite(os.path.join(d, 'tiled_u32.tif'), (v * 70000).astype(np.uint32), tile=(16, 16))
tifffile.imwrite(os.path.join(d, 'be16.tif'), v.astype('>u2'), byteorder='>')
tifffile.imwrite(os.path.join(d, 'rgb.tif'), np.stack([v % 256] * 3, -1).astype(np.uint8), photometric='rgb')
`;

describe.skipIf(corpusUnavailable())('fastWindow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fastwin-'));
  execFileSync(PYTHON, ['-c', SCRIPT, dir]);
  const open = async (f: string) => {
    const b = readFileSync(join(dir, f));
    return (await fromArrayBuffer(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer)).getImage(0);
  };
  const windows = [[0, 0, 301, 203], [5, 3, 70, 66], [63, 63, 65, 65], [250, 190, 301, 203], [0, 100, 1, 203], [128, 7, 129, 8]];

  for (const f of ['tiled16.tif', 'strip_i16.tif', 'strip_u8.tif', 'tiled_f32.tif', 'tiled_u32.tif'])
    it(`${f}: equals readRasters on every window`, async () => {
      const im = await open(f);
      for (const w of windows) {
        const fast = await fastWindow(im, w);
        expect(fast, `${f} ${w}`).not.toBeNull();
        const ref = ((await im.readRasters({ window: w, samples: [0], interleave: false })) as unknown as ArrayLike<number>[])[0];
        expect(Array.from(fast!), `${f} ${w}`).toEqual(Array.from(ref, Number).map((v) => Math.fround(v)));
      }
    });

  it('leaves big-endian and multi-sample files to geotiff', async () => {
    expect(await fastWindow(await open('be16.tif'), [0, 0, 10, 10])).toBeNull();
    expect(await fastWindow(await open('rgb.tif'), [0, 0, 10, 10])).toBeNull();
  });
});
