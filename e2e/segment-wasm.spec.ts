import { compareMask, referenceProb } from './reference';
import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';

/**
 * WASM path, one flow: open a 200×150 PNG (20 overlapping 64-px tiles with the fixture model), segment,
 * re-threshold without re-running, download the mask and compare it with onnxruntime-node + the same
 * src/tiling code. Tolerance: pixels may differ only where the reference probability lies within 1e-3 of the
 * threshold.
 */
test('WASM: PNG → segment → mask matches the Node reference', async ({ studioPage: s }) => {
  const file = pngSample('cells-200x150.png', 200, 150);
  const ref = await referenceProb(file.buffer, file.name, FIXTURE_MODEL);

  await s.openImage(file);
  await expect(s.info('size')).toHaveText('200 × 150');
  await expect(s.info('sample-type')).toHaveText('uint8');
  await s.choose(FIXTURE_MODEL, 'WASM');
  await expect(s.badge()).toHaveText(/^WASM · \d+ threads?$/);

  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText(/^20 × 64px/);
  await expect(s.info('backend')).toHaveText(/^WASM/);
  await expect(s.info('run-time')).toHaveText(/^\d+ ms$/);

  await s.page.screenshot({ path: test.info().outputPath('studio-wasm.png') });
  const { download, png } = await s.downloadMask();
  expect(download.suggestedFilename()).toBe('cells-200x150_mask.png');
  expect([png.width, png.height, png.channels]).toEqual([200, 150, 1]);
  const cmp = compareMask(png.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
  const fg = Number(await s.overlay().getAttribute('data-foreground'));
  expect(Math.abs(fg - cmp.foreground)).toBeLessThanOrEqual(cmp.disagree);

  // A new threshold re-renders from the kept probability map: same run, no new tiles.
  const runTime = await s.info('run-time').textContent();
  await s.page.getByLabel('Threshold').fill('0.8');
  const at08 = ref.prob.reduce((n, p) => n + (p >= 0.8 ? 1 : 0), 0);
  await expect.poll(async () => Number(await s.overlay().getAttribute('data-foreground'))).toBeCloseTo(at08, -1);
  await expect(s.info('run-time')).toHaveText(runTime!);

  // Contours and opacity are view settings only.
  await s.page.getByLabel('Overlay mode').selectOption('contours');
  await s.page.getByLabel('Overlay opacity').fill('0.3');
  await expect(s.overlay()).toHaveCSS('opacity', '0.3');
  await s.page.getByLabel('Show mask').uncheck();
  await expect(s.overlay()).toHaveCSS('opacity', '0');
});
