/**
 * Stack and channel files for the stacks e2e, written by an independent writer (Debian's python3-tifffile):
 * a 3-plane OME-TIFF (ZYX, uint16, pixel size 0.5 µm), each of its planes as a single-page TIFF, a 3-page
 * ground-truth mask, a 2-channel OME-TIFF (CYX) and its second channel as a single-channel file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SampleFile } from './fixtures';

const SCRIPT = String.raw`
import sys, numpy as np, tifffile
out = sys.argv[1]
H, W = 80, 96
def cells(seed):
    r = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:H, 0:W]
    img = 0.15 + 0.1 * xx / W + 0.08 * r.random((H, W))
    for _ in range(6):
        cx, cy, s, a = r.random() * W, r.random() * H, 4 + r.random() * 7, 0.4 + 0.5 * r.random()
        img += a * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * s * s))
    return (np.clip(img, 0, 0.999) * 4000).astype(np.uint16)
stack = np.stack([cells(10 + z) for z in range(3)])
tifffile.imwrite(f'{out}/stack3.ome.tif', stack, ome=True, photometric='minisblack',
                 metadata={'axes': 'ZYX', 'PhysicalSizeX': 0.5, 'PhysicalSizeY': 0.5, 'PhysicalSizeXUnit': 'µm', 'PhysicalSizeYUnit': 'µm'})
for z in range(3):
    tifffile.imwrite(f'{out}/plane{z}.tif', stack[z], photometric='minisblack')
# Ground truth of every plane: the brightest blobs (a mask a model only partly agrees with).
mask = (stack > 2000).astype(np.uint8) * 255
tifffile.imwrite(f'{out}/stack3_mask.tif', mask, photometric='minisblack')
two = np.stack([cells(30), cells(31)])
tifffile.imwrite(f'{out}/two-channel.ome.tif', two, ome=True, photometric='minisblack', metadata={'axes': 'CYX'})
tifffile.imwrite(f'{out}/channel1.tif', two[1], photometric='minisblack')
`;

export interface StackFiles {
  stack: SampleFile;
  planes: SampleFile[];
  stackMask: SampleFile;
  twoChannel: SampleFile;
  channel1: SampleFile;
  dir: string;
}

const file = (dir: string, name: string): SampleFile => ({ name, mimeType: 'image/tiff', buffer: readFileSync(join(dir, name)) });

export function writeStackFiles(): StackFiles {
  const dir = mkdtempSync(join(tmpdir(), 'stacks-'));
  execFileSync('/usr/bin/python3', ['-c', SCRIPT, dir], { stdio: 'pipe' });
  return {
    dir,
    stack: file(dir, 'stack3.ome.tif'),
    planes: [0, 1, 2].map((z) => file(dir, `plane${z}.tif`)),
    stackMask: file(dir, 'stack3_mask.tif'),
    twoChannel: file(dir, 'two-channel.ome.tif'),
    channel1: file(dir, 'channel1.tif'),
  };
}

/** Read a labels OME-TIFF with tifffile: shape, dtype, axes, pixel size and the foreground of each page. */
export function readLabelsOmeTiff(path: string): { shape: number[]; dtype: string; axes: string; pixelSize: number | null; foreground: number[][] } {
  const py = String.raw`
import sys, json, tifffile, xml.etree.ElementTree as ET
with tifffile.TiffFile(sys.argv[1]) as t:
    s = t.series[0]; a = s.asarray()
    px = ET.fromstring(t.ome_metadata).find('.//{*}Pixels').get('PhysicalSizeX') if t.is_ome else None
    a = a.reshape((-1,) + a.shape[-2:])
    print(json.dumps({'shape': list(s.shape), 'dtype': str(s.dtype), 'axes': s.axes, 'pixelSize': float(px) if px else None,
                      'foreground': [[int(v > 0) for v in p.ravel()] for p in a]}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, path], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }));
}
