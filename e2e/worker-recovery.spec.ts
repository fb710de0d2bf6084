/**
 * A worker that dies (issue #17): the `?fixtures=1` hook ends the segmentation worker as a crash would
 * (`self.close()`: no answer, no error event). The page notices at once (the worker's life lock is freed), says
 * so, starts a new worker and re-opens the image and the ground truth from the files it holds; model, backend and
 * threshold stay; "Segment again" re-runs, and the mask equals the Node reference.
 */
import { encode as encodePng } from 'fast-png';
import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';
import { compareMask, referenceProb } from './reference';
import { cellsImage } from './samples';

test('worker killed: noticed at once, replaced; image, mask and threshold are back and a re-run works', async ({ studioPage: s }) => {
  test.setTimeout(600_000); // two WASM runs; slow when the machine is shared
  const { page } = s;
  const [w, h, seed] = [120, 96, 3];
  const image = pngSample(`cells-${w}x${h}.png`, w, h, seed);
  const maskData = Uint8Array.from(cellsImage(w, h, seed), (v) => (v > 0.45 ? 255 : 0));
  const mask = { name: 'cells-mask.png', mimeType: 'image/png', buffer: Buffer.from(encodePng({ width: w, height: h, data: maskData, channels: 1, depth: 8 })) };
  const ref = await referenceProb(image.buffer, image.name, FIXTURE_MODEL);

  await s.openImage(image);
  await page.getByLabel('Open ground truth').setInputFiles(mask);
  await expect(page.getByTestId('truth-summary')).toContainText(`cells-mask.png: ${w} × ${h}, binary`);
  await s.choose(FIXTURE_MODEL, 'WASM');
  await page.getByLabel('Threshold').fill('0.62');
  await s.segmentAndWait(400_000);
  await expect(page.locator('[data-field="metrics-threshold"]')).toHaveText('0.62');

  const t0 = Date.now();
  await page.evaluate(() => (window as unknown as { __studioTest: { crashWorker(): Promise<void> } }).__studioTest.crashWorker());
  const notice = page.getByRole('status', { name: 'Worker notice' });
  await expect(notice).toContainText('The segmentation worker stopped (it ended unexpectedly: out of memory or a crash).', { timeout: 10_000 });
  await expect(notice).toContainText('Your image and ground truth are open again', { timeout: 30_000 });
  test.info().annotations.push({ type: 'noticed and re-opened after', description: `${Date.now() - t0} ms` });
  await page.screenshot({ path: test.info().outputPath('worker-lost.png') });

  // What the person chose is all there.
  await expect(s.imageCanvas(image.name)).toBeVisible();
  await expect(page.getByTestId('truth-summary')).toContainText(`cells-mask.png: ${w} × ${h}, binary`);
  await expect(page.getByLabel('Threshold')).toHaveValue('0.62');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(FIXTURE_MODEL);
  await expect(page.getByLabel('Backend')).toHaveValue('wasm');
  await expect(s.alert()).toHaveCount(0);
  await expect(s.overlay()).toHaveCount(0); // the result was lost with the worker

  const runTime = await s.info('run-time').count() ? await s.info('run-time').textContent() : null;
  await notice.getByRole('button', { name: 'Segment again' }).click();
  await expect(s.status()).toContainText('Done', { timeout: 400_000 });
  if (runTime) await expect(s.info('run-time')).not.toHaveText(runTime);
  await expect(s.overlay()).toBeVisible();
  await expect(page.locator('[data-field="metrics-threshold"]')).toHaveText('0.62'); // metrics against the re-sent mask
  const { png } = await s.downloadMask();
  const cmp = compareMask(png.data, { ...ref, threshold: 0.62 });
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
  expect(s.problems.filter((p) => !/segmentation worker stopped/.test(p))).toEqual([]);
});
