/**
 * Large images in the page (issue #12, view half): a 12000×9000 16-bit tiled, compressed TIFF written here by
 * python3-tifffile (about 4 MB on disk, never committed) opens past the old 100-megapixel limit, Fit draws the
 * rows of a level built so far while the background pass runs ("Building overview… n %"), then all of it, and
 * 1:1 shows exactly the values tifffile wrote (windowed to 8 bit with the window the page shows). A pyramidal OME-TIFF whose SubIFD levels differ on purpose from the base
 * (inverted) shows that Fit draws the file's own level rather than one built from the base.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { laidOut, readViewport, viewportOf } from './viewport';

const PY = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'large-view-'));

/** 12000×9000 uint16, 512² zlib tiles; values vary pixel to pixel, so a shift by one pixel shows. */
const TILED = `
import sys, numpy as np, tifffile
x = np.arange(12000, dtype=np.int32)[None, :]; y = np.arange(9000, dtype=np.int32)[:, None]
img = (500 + 97 * ((x * 37 + y * 91) % 256) + 10 * (x // 1000) + 5 * (y // 1000)).astype(np.uint16)
tifffile.imwrite(sys.argv[1], img, tile=(512, 512), compression='zlib', compressionargs={'level': 1})
`;
const tiledValue = (x: number, y: number) => 500 + 97 * ((x * 37 + y * 91) % 256) + 10 * Math.floor(x / 1000) + 5 * Math.floor(y / 1000);

/** 8192×8000 (65.5 MP, just over LARGE_PIXELS) OME-TIFF, 4 SubIFD levels holding 65535 − the base's block pattern. */
const PYRAMID = `
import sys, numpy as np, tifffile
x = np.arange(8192, dtype=np.int32)[None, :]; y = np.arange(8000, dtype=np.int32)[:, None]
base = (1000 + 700 * (x // 512) + 400 * (y // 512)).astype(np.uint16)
with tifffile.TiffWriter(sys.argv[1], bigtiff=True) as tw:
    tw.write(base, subifds=4, tile=(256, 256), compression='zlib', metadata={'axes': 'YX', 'PhysicalSizeX': 0.25, 'PhysicalSizeY': 0.25})
    for k in range(1, 5):
        d = 2 ** k
        tw.write((65535 - base[::d, ::d]).astype(np.uint16), subfiletype=1, tile=(256, 256), compression='zlib')
`;
const pyramidBase = (x: number, y: number) => 1000 + 700 * Math.floor(x / 512) + 400 * Math.floor(y / 512);

/** The page's windowing (viewer/lod.ts renderGrey = composite.ts for one white channel). */
const windowed = (v: number, [lo, hi]: number[]) => new Uint8ClampedArray([Math.fround(Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * 255)])[0];
const nums = (s: string | null) => (s ?? '').split(',').map(Number);

test.describe.configure({ timeout: 240_000 });

test('large view: 12000×9000 tiled TIFF opens past the old limit, Fit draws a built level, 1:1 shows exact pixels', async ({ studioPage: s }) => {
  const file = join(dir, 'large-12000x9000.tif');
  execFileSync(PY, ['-c', TILED, file]);
  await s.goto();
  await s.page.getByLabel('Open image').setInputFiles(file);
  const canvas = s.imageCanvas('large-12000x9000.tif');
  await expect(canvas).toBeVisible({ timeout: 60_000 });
  await expect(s.info('size')).toHaveText('12000 × 9000');
  await expect(s.info('levels')).toHaveText('12000 × 9000, 3000 × 2250 (÷4, built), 1500 × 1125 (÷8, built), 750 × 563 (÷16, built)');
  await expect(s.alert()).toHaveCount(0);

  // Fit while the levels are being built: the rows built so far are drawn at once, with the progress.
  const building = s.page.getByRole('status').filter({ hasText: /Building overview… \d+ %/ });
  await expect(building).toBeVisible();
  await expect(canvas).toHaveAttribute('data-rect', '0,0,12000,9000');
  const previewLevel = await canvas.getAttribute('data-level');
  expect(await canvas.getAttribute('data-first-draw-ms')).toBeNull(); // still partial
  // Then the whole image from the same coarser level, once the background pass has built it.
  await expect(canvas).toHaveAttribute('data-first-draw-ms', /\d/, { timeout: 120_000 });
  await expect(building).toHaveCount(0);
  expect(await canvas.getAttribute('data-level')).toBe(previewLevel);
  await expect(canvas).toHaveAttribute('data-rect', '0,0,12000,9000');
  expect(Number(await canvas.getAttribute('data-level'))).toBeGreaterThan(0);
  await expect(s.info('drawn-level')).toContainText('÷');
  const openMs = Number(await canvas.getAttribute('data-open-ms'));
  const firstMs = Number(await canvas.getAttribute('data-first-draw-ms'));
  console.log(`12000×9000: open ${openMs.toFixed(0)} ms, first Fit drawn ${firstMs.toFixed(0)} ms after the open started`);

  // 1:1 about the centre: level 0, one bitmap pixel per image pixel, drawn at its own size.
  const vp = viewportOf(s.page, 'Image');
  await laidOut(vp);
  await vp.getByRole('button', { name: '1:1' }).click();
  await expect(vp).toHaveAttribute('data-scale', '1');
  await expect(canvas).toHaveAttribute('data-level', '0');
  await expect.poll(async () => nums(await canvas.getAttribute('data-rect'))[0]).toBeGreaterThan(0);
  const rect = nums(await canvas.getAttribute('data-rect'));
  const draw = nums(await canvas.getAttribute('data-draw'));
  const win = nums(await canvas.getAttribute('data-window'));
  expect(nums(await canvas.getAttribute('data-bitmap'))).toEqual([rect[2], rect[3]]);
  expect([draw[2], draw[3]]).toEqual([rect[2], rect[3]]);
  expect(win[1]).toBeGreaterThan(win[0]);
  const { w, h, px } = await canvas.evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height, px: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) }));
  let checked = 0, bad = 0;
  const firstBad: string[] = [];
  for (let sy = Math.max(0, draw[1]); sy < Math.min(h, draw[1] + draw[3]); sy++)
    for (let sx = Math.max(0, draw[0]); sx < Math.min(w, draw[0] + draw[2]); sx++) {
      const ix = rect[0] + sx - draw[0], iy = rect[1] + sy - draw[1];
      const want = windowed(tiledValue(ix, iy), win);
      const o = (sy * w + sx) * 4;
      checked++;
      if (px[o] !== want || px[o + 1] !== want || px[o + 2] !== want) {
        bad++;
        if (firstBad.length < 3) firstBad.push(`(${ix}, ${iy}): ${px[o]} ≠ ${want}`);
      }
    }
  expect(checked).toBeGreaterThan(200_000); // the view is at least ~500×400 CSS pixels
  expect(bad, firstBad.join('; ')).toBe(0);

  // Fit again: a Fit draw is timed for the bench.
  await vp.getByRole('button', { name: 'Fit' }).click();
  await expect(canvas).toHaveAttribute('data-fit-drawn-ms', /\d/);
  await expect(canvas).toHaveAttribute('data-rect', '0,0,12000,9000');
  console.log(`Fit redraw ${await canvas.getAttribute('data-fit-drawn-ms')} ms`);
  expect(s.problems).toEqual([]);
});

test('large view: a pyramidal OME-TIFF draws Fit from its own SubIFD level', async ({ studioPage: s }) => {
  const file = join(dir, 'pyramid.ome.tif');
  execFileSync(PY, ['-c', PYRAMID, file]);
  expect(readFileSync(file).length).toBeLessThan(20 * 2 ** 20);
  await s.goto();
  await s.page.getByLabel('Open image').setInputFiles(file);
  const canvas = s.imageCanvas('pyramid.ome.tif');
  await expect(canvas).toBeVisible({ timeout: 60_000 });
  await expect(s.info('levels')).toHaveText('8192 × 8000, 4096 × 4000 (÷2, file), 2048 × 2000 (÷4, file), 1024 × 1000 (÷8, file), 512 × 500 (÷16, file)');
  await expect(s.info('pixel-size')).toContainText('0.25');
  await expect(canvas).toHaveAttribute('data-rect', '0,0,8192,8000', { timeout: 60_000 });
  const level = Number(await canvas.getAttribute('data-level'));
  expect(level).toBeGreaterThan(0);
  await expect(canvas).toHaveAttribute('data-first-draw-ms', /\d/);
  console.log(`pyramid 8192×8000: open ${await canvas.getAttribute('data-open-ms')} ms, first Fit (file level ${level}) drawn ${await canvas.getAttribute('data-first-draw-ms')} ms after the open started`);
  // The drawn level holds 65535 − the base: where the base is dark the view is bright. Sample block centres.
  const vp = viewportOf(s.page, 'Image');
  const v = await readViewport(vp);
  const box = (await vp.boundingBox())!;
  const win = nums(await canvas.getAttribute('data-window'));
  const { w, px } = await canvas.evaluate((c: HTMLCanvasElement) => ({ w: c.width, px: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) }));
  let bad = 0, n = 0, distinct = 0;
  for (let bx = 256; bx < 8192; bx += 512 * 3)
    for (let by = 256; by < 8000; by += 512 * 3) {
      const sx = Math.round((bx - v.centerX) * v.scale + box.width / 2), sy = Math.round((by - v.centerY) * v.scale + box.height / 2);
      const got = px[(sy * w + sx) * 4];
      const inverted = windowed(65535 - pyramidBase(bx, by), win), built = windowed(pyramidBase(bx, by), win);
      n++;
      if (got !== inverted) bad++;
      if (inverted !== built) distinct++;
    }
  expect(n).toBeGreaterThan(20);
  expect(distinct).toBeGreaterThan(n / 2); // a level built from the base would look different
  expect(bad).toBe(0);
  expect(s.problems).toEqual([]);
});
