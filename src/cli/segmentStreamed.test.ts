/**
 * `npm run segment` on tiled BigTIFFs written by tifffile (an independent writer): the streamed route equals
 * the whole-image route on the same image, --resume accepts its outputs, and its peak memory (VmHWM of the
 * child process) does not grow with the image: 16× the pixels, about the same memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { runSegment } from './segment';

const dir = mkdtempSync(join(tmpdir(), 'segstream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 16-bit tiled, deflate-compressed BigTIFF of blobs on a textured background, written by tifffile. */
function writeTiff(path: string, w: number, h: number, tile = 256): void {
  execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile
rng = np.random.default_rng(3)
y, x = np.mgrid[0:${h}, 0:${w}]
img = 1000 + 300 * np.sin(x / 23.0) * np.cos(y / 31.0) + rng.integers(0, 300, (${h}, ${w}))
tifffile.imwrite('${path}', img.astype(np.uint16), tile=(${tile}, ${tile}), compression='zlib', bigtiff=True)
`]);
}

const quiet = { log: () => {}, error: () => {} };
const readLabels = async (p: string) => decodeImage(readFileSync(p).buffer as ArrayBuffer, p);

describe('npm run segment, streamed route', () => {
  it('equals the whole-image route (same tiles), writes a tiled BigTIFF and resumes', async () => {
    const img = join(dir, 'small.tif');
    writeTiff(img, 700, 530);
    // halfway between two 16-bit probability levels: quantisation cannot flip a pixel (see segmentLarge.test.ts)
    const t = String(32767.5 / 65535);
    // a mask of the blobs (binary, written by tifffile): pixel and object metrics must agree between the routes
    execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile, os
os.makedirs('${join(dir, 'masks')}', exist_ok=True)
y, x = np.mgrid[0:530, 0:700]
tifffile.imwrite('${join(dir, 'masks', 'small.tif')}', ((np.sin(x / 23.0) * np.cos(y / 31.0)) > 0.4).astype(np.uint8) * 255)
`]);
    const base = ['--model', 'fixture-tiny-unet', '--threads', '1', '--threshold', t, '--masks', join(dir, 'masks')];
    expect(await runSegment([...base, '--out', join(dir, 'whole'), img], quiet)).toBe(0);
    const errs: string[] = [];
    expect(await runSegment([...base, '--out', join(dir, 'stream'), '--stream-above', '0', '--stream-tile', 'card', '--budget-mb', '16', '--ome-zarr', img], { log: () => {}, error: (s) => errs.push(s) })).toBe(0);
    expect(errs.join('\n')).toMatch(/peak memory \d+ MB/);
    const a = await readLabels(join(dir, 'whole', 'small.labels.tif'));
    const b = await readLabels(join(dir, 'stream', 'small.labels.tif'));
    expect(readFileSync(join(dir, 'stream', 'small.labels.tif')).subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 43, 0]));
    let diff = 0, maxA = 0, maxB = 0;
    for (let i = 0; i < a.data.length; i++) {
      if ((a.data[i] > 0) !== (b.data[i] > 0)) diff++;
      maxA = Math.max(maxA, a.data[i]);
      maxB = Math.max(maxB, b.data[i]);
    }
    expect(diff).toBe(0);
    expect(maxB).toBe(maxA);
    expect(existsSync(join(dir, 'stream', 'small.ome.zarr', 'labels', 'segmentation', '0', '.zarray'))).toBe(true);
    expect(maxA).toBeGreaterThan(10);
    // the summary rows agree: objects, foreground fraction, and IoU, Dice and object F1 against the mask
    // (object F1 tile by tile on the streamed route, tiledObjectMatch.ts)
    const row = (d: string) => readFileSync(join(dir, d, 'summary.csv'), 'utf8').trim().split('\n')[1];
    expect(row('stream')).toBe(row('whole'));
    const [iou, dice, f1] = row('stream').split(',').slice(6).map(Number);
    expect(iou).toBeGreaterThan(0);
    expect(dice).toBeGreaterThan(iou);
    expect(f1).toBeGreaterThanOrEqual(0);
    expect(row('stream').split(',')[8]).not.toBe('');
    const again: string[] = [];
    expect(await runSegment([...base, '--out', join(dir, 'stream'), '--stream-above', '0', '--resume', img], { log: () => {}, error: (s) => again.push(s) })).toBe(0);
    expect(again.join('\n')).toMatch(/1 complete \(skipped\), 0 to segment/);
  }, 120_000);

  it('peak memory stays flat from 1024² to 4096² (VmHWM of the child process)', () => {
    const peak = (side: number) => {
      const img = join(dir, `m${side}.tif`);
      writeTiff(img, side, side, 512);
      const r = spawnSync('npx', ['tsx', 'src/cli/segment.ts', '--model', 'fixture-tiny-unet', '--threads', '1', '--out', join(dir, `out${side}`),
        '--stream-above', '0', '--budget-mb', '32', img], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return Number(/peak memory (\d+) MB/.exec(r.stderr)![1]);
    };
    const small = peak(1024), big = peak(4096);
    console.log(`streamed segment peak memory: 1024² ${small} MB, 4096² ${big} MB`);
    // the whole-image route holds ≥ 27 bytes per pixel (image, normalised copy, accumulators, probability,
    // mask, labels): +430 MB for the 15.7 M extra pixels. Streamed, only per-row buffers grow with the width.
    expect(big - small).toBeLessThan(150);
  }, 600_000);
});
