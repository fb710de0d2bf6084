import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';

/**
 * "Advanced" tiling, one flow: the controls start at the fixture card's tiling (64 px, halo 8, gaussian); a
 * smaller tile with crop blend runs and the info panel reports what the worker really used; an invalid halo
 * shows the rule and disables Segment; choosing a model again restores the card's values.
 * 200×150 with tile 32 / halo 4 (step 24): 9 × 7 = 63 tiles (64-px tiles would give 20).
 */
test('Advanced: crop blend and a smaller tile are used; an invalid halo blocks the run', async ({ studioPage: s }) => {
  const page = s.page;
  await s.openImage(pngSample('cells-200x150.png', 200, 150));
  await s.choose(FIXTURE_MODEL, 'WASM');

  await page.getByText('Advanced', { exact: true }).click();
  const tile = page.getByLabel('Tile size', { exact: true });
  const halo = page.getByLabel('Halo', { exact: true });
  const blend = page.getByRole('combobox', { name: /^Blend/ });
  await expect(tile).toHaveValue('64');
  await expect(halo).toHaveValue('8');
  await expect(blend).toHaveValue('gaussian');

  await tile.fill('32');
  await halo.fill('4');
  await blend.selectOption('crop');
  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText('63 × 32px (halo 4)');
  await expect(s.info('blend')).toHaveText('crop');

  await halo.fill('16');
  await expect(page.getByText('Halo must be less than half the tile (< 16 for tile 32).')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Segment' })).toBeDisabled();
  await tile.fill('30');
  await expect(page.getByText(/Tile size must be a positive multiple of 4/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Segment' })).toBeDisabled();

  // Another model and back: the card's tiling again, and Segment is enabled.
  await page.getByLabel('Model', { exact: true }).selectOption({ index: 0 });
  await page.getByLabel('Model', { exact: true }).selectOption(FIXTURE_MODEL);
  await expect(tile).toHaveValue('64');
  await expect(halo).toHaveValue('8');
  await expect(blend).toHaveValue('gaussian');
  await expect(page.locator('#tiling-problem')).toBeEmpty();
  await expect(page.getByRole('button', { name: 'Segment' })).toBeEnabled();
});
