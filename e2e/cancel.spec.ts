import { FIXTURE_MODEL, expect, pngSample, test, tiffSample } from './fixtures';

/** Cancel a long WASM run (1600×1600: ~1100 tiles of the fixture model); the status says so, and the next run works. */
test('cancel a run, then segment again', async ({ studioPage: s }) => {
  await s.openImage(pngSample('big-1600.png', 1600, 1600, 3));
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segment();
  const progress = s.page.getByLabel('Segmentation progress');
  await expect(progress).toBeVisible();
  await expect(s.status()).toContainText(/Segmenting… [1-9]\d* \/ \d+ tiles/);
  await s.page.getByRole('button', { name: 'Cancel' }).click();
  await expect(s.status()).toContainText(/cancelled/i, { timeout: 20_000 });
  await expect(progress).toHaveCount(0);
  await expect(s.alert()).toHaveCount(0); // a cancel is not an error

  // The app still segments afterwards (a 16-bit TIFF this time).
  await s.openImage(tiffSample('after-cancel.tif', 96, 80, 5));
  await expect(s.info('sample-type')).toHaveText('uint16');
  await s.segmentAndWait();
  await expect(s.info('file')).toHaveText('after-cancel.tif');
});

/** Cancel a comparison while model A runs (1600×1600 on WASM): it stops, says so, B never shows, and it runs again. */
test('cancel a comparison, then compare again', async ({ studioPage: s }) => {
  const page = s.page;
  await s.openImage(pngSample('big-compare.png', 1600, 1600, 4));
  await s.choose(FIXTURE_MODEL, 'WASM');
  await page.getByRole('button', { name: 'Compare models' }).click();
  await page.getByLabel('Compare A').selectOption(FIXTURE_MODEL);
  await page.getByLabel('Compare B').selectOption(FIXTURE_MODEL);
  await page.getByLabel('Baseline (Otsu) pane').uncheck();
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const status = page.getByTestId('compare-status');
  await expect(status).toContainText(/^A \(.*\): tile [1-9]\d* \/ \d+/);
  await page.getByRole('button', { name: 'Cancel comparison' }).click();
  await expect(status).toHaveText('Comparison cancelled', { timeout: 20_000 });
  await expect(s.alert()).toHaveCount(0); // a cancel is not an error
  await expect(page.getByRole('region', { name: 'Comparison' })).toHaveCount(0);

  await s.openImage(pngSample('small-compare.png', 96, 80, 6));
  await page.getByRole('button', { name: 'Run comparison' }).click();
  await expect(status).toHaveText('Comparison done', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Comparison' })).toBeVisible();
});
