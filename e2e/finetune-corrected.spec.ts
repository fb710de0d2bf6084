import { readFileSync } from 'node:fs';
import type { ModelCard } from '../src/models/manifest';
import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';
import { gesture, laidOut, viewportOf } from './viewport';

/**
 * Correction → fine-tuning (issue #16 with #15) in Chromium on WASM: segment a small image with the fixture
 * model, correct its mask with one brush stroke, "Add to training set", then Fine-tune with only "Use corrected
 * masks" (no folder): the single corrected pair trains on its first three quarters and validates on the last
 * one, and the new model's card names that pair and the WASM threads it trained on.
 */
test('fine-tune on a corrected mask: one correction is the training pair', async ({ studioPage: s }) => {
  test.setTimeout(360_000); // a few WASM steps on 64² crops: seconds on a free machine, minutes on a loaded CI box
  const page = s.page;
  await s.openImage(pngSample('edit.png', 128, 128));
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  await laidOut(viewportOf(page, 'Image'));

  const edit = page.getByRole('region', { name: 'Correct mask' });
  const finetune = page.getByRole('region', { name: 'Fine-tune' });
  const useCorrected = finetune.getByLabel('Use corrected masks');
  await expect(useCorrected).toBeDisabled(); // nothing corrected yet
  await expect(finetune.getByRole('button', { name: 'Start fine-tuning' })).toBeDisabled();

  await page.keyboard.press('b');
  await edit.getByRole('slider', { name: 'Brush size' }).fill('20');
  await gesture(page, [[0, 60], [127, 60]]);
  await expect.poll(async () => Number((await edit.getAttribute('data-undo-steps')) || 0)).toBe(1);
  await edit.getByRole('button', { name: 'Add to training set', exact: true }).click();
  await expect(edit.getByTestId('training-count')).toContainText('1 pair: edit_corrected');

  await expect(finetune.getByText('Use corrected masks (1)')).toBeVisible();
  await useCorrected.check();
  await finetune.getByLabel('Steps').fill('2');
  await finetune.getByLabel('Crop').selectOption('64');
  await finetune.getByRole('button', { name: 'Start fine-tuning' }).click();
  const card = finetune.getByTestId('finetune-card');
  await expect(card).toBeVisible({ timeout: 300_000 });
  await expect(card).toContainText(`Fine-tuned from ${FIXTURE_MODEL} on 1 pairs (1 corrected mask), 2 steps`);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(/^user:fixture-tiny-unet-ft-\d{12}$/);

  const [dl] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Card (JSON)' }).click()]);
  const saved = test.info().outputPath('card.json');
  await dl.saveAs(saved);
  const ft = (JSON.parse(readFileSync(saved, 'utf8')) as ModelCard).finetune!;
  expect(ft.pairs).toEqual({ train: ['edit_corrected [rows 0–95]'], validation: ['edit_corrected [rows 96–127]'] });
  expect(ft.steps).toBe(2);
  expect(ft.data).toBe('1 corrected mask');
  // The page is cross-origin isolated, so tfjs' WASM trains on one thread per core (its pthread workers are files
  // of the app, allowed by the CSP; src/finetune/pthread/).
  const cores = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency));
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(ft.backend).toBe(`tfjs wasm (SIMD, ${cores} thread${cores > 1 ? 's' : ''}) (browser)`);
});
