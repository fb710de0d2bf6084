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
