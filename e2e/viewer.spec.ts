/**
 * The zoom/pan viewer on a single image (main viewer): it opens fitted, the wheel zooms about the cursor, the
 * buttons zoom ×2 about the centre, show 1:1 and fit again, dragging pans, the keys do the same, zoomed pixels are drawn as exact
 * squares (nearest neighbour), and a zoomed view draws fewer tiles than the whole image has. The expected
 * viewports come from the pure maths (src/viewer/viewport.ts, unit-tested against hand-computed cases).
 */
import { fitViewport, wheelFactor, zoomAbout } from '../src/viewer/viewport';
import { expect, pngSample, test } from './fixtures';
import { boxOf, drag, laidOut, readViewport, viewportOf } from './viewport';

test('viewer: wheel zoom about the cursor, buttons, 1:1, drag to pan, fit; nearest-neighbour tiles', async ({ studioPage: s }) => {
  const page = s.page;
  const file = pngSample('zoom.png', 1000, 700);
  await s.openImage(file);
  const vp = viewportOf(page, 'Image');
  const fit = await laidOut(vp);
  const box = await boxOf(vp);
  const view = { width: box.width, height: box.height };
  const image = { width: 1000, height: 700 };
  const want = fitViewport(image, view);
  expect(fit.scale).toBeCloseTo(want.scale, 6);
  expect([fit.centerX, fit.centerY]).toEqual([500, 350]);
  await expect(vp).toHaveAttribute('data-tiles', '12'); // 4 × 3 tiles of 256², all visible at fit

  // Wheel up at a point left of and above the centre: zoom ×2 about that point. Mouse events carry whole
  // CSS pixels, so the point is taken on the page's pixel grid.
  const page0: [number, number] = [Math.round(box.x + view.width * 0.4), Math.round(box.y + view.height * 0.45)];
  const at: [number, number] = [page0[0] - box.x, page0[1] - box.y];
  await page.mouse.move(...page0);
  await page.mouse.wheel(0, -310);
  await expect.poll(async () => (await readViewport(vp)).scale).toBeGreaterThan(fit.scale * 1.5);
  const wheeled = await readViewport(vp);
  const expected = zoomAbout(fit, wheelFactor(-310), at[0], at[1], image, view);
  expect(wheeled.scale).toBeCloseTo(expected.scale, 6);
  expect(wheeled.centerX).toBeCloseTo(expected.centerX, 4);
  expect(wheeled.centerY).toBeCloseTo(expected.centerY, 4);
  expect(wheeled.centerX).toBeLessThan(500); // moved towards the cursor

  // Buttons: ×2 about the centre, then 1:1.
  await vp.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => (await readViewport(vp)).scale).toBeCloseTo(wheeled.scale * 2, 6);
  await vp.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => (await readViewport(vp)).scale).toBeCloseTo(wheeled.scale, 6);
  await vp.getByRole('button', { name: '1:1' }).click();
  await expect(vp).toHaveAttribute('data-scale', '1');
  await expect(vp.getByLabel('Zoom level')).toHaveText('100 %');

  // ×16 about the centre: each image pixel is a 16×16 block, so a row of the canvas changes colour only at
  // block edges (smoothing would change it at nearly every pixel), and only the tiles under the view are drawn.
  for (let i = 0; i < 4; i++) await vp.getByRole('button', { name: 'Zoom in' }).click();
  await expect(vp).toHaveAttribute('data-scale', '16');
  const tiles = Number(await vp.getAttribute('data-tiles'));
  expect(tiles).toBeGreaterThan(0);
  expect(tiles).toBeLessThanOrEqual(4);
  const { changes, width } = await s.imageCanvas(file.name).evaluate((c: HTMLCanvasElement) => {
    const y = Math.floor(c.height / 2);
    const row = c.getContext('2d')!.getImageData(0, y, c.width, 1).data;
    let changes = 0;
    for (let x = 1; x < c.width; x++) if (row[x * 4] !== row[x * 4 - 4]) changes++;
    return { changes, width: c.width };
  });
  expect(changes).toBeGreaterThan(3); // the image has structure here
  expect(changes).toBeLessThanOrEqual(Math.ceil(width / 16) + 1);

  // Drag 80 px right and 40 px down: the view shows what lay 5 and 2.5 image pixels up-left of the centre.
  const before = await readViewport(vp);
  await drag(page, vp, [view.width / 2, view.height / 2], 80, 40);
  await expect.poll(async () => (await readViewport(vp)).centerX).toBeCloseTo(before.centerX - 5, 6);
  expect((await readViewport(vp)).centerY).toBeCloseTo(before.centerY - 2.5, 6);

  // Fit: back where it started.
  await vp.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(() => readViewport(vp)).toEqual(fit);
  await expect(vp).toHaveAttribute('data-tiles', '12');

  // Keyboard on the focused viewport: + zooms ×2 about the centre, ArrowRight looks a tenth of the view further
  // right, 1 shows 1:1, 0 fits again.
  await vp.focus();
  await page.keyboard.press('+');
  await expect.poll(async () => (await readViewport(vp)).scale).toBeCloseTo(fit.scale * 2, 6);
  const zoomed = await readViewport(vp);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await readViewport(vp)).centerX).toBeCloseTo(zoomed.centerX + Math.round(view.width * 0.1) / zoomed.scale, 4);
  await page.keyboard.press('1');
  await expect(vp).toHaveAttribute('data-scale', '1');
  await page.keyboard.press('0');
  await expect.poll(() => readViewport(vp)).toEqual(fit);
});
