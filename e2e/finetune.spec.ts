import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'yaml';
import { parseArgs as synthArgs, runSynth } from '../src/synth/cli';
import type { ModelCard } from '../src/models/manifest';
import { expect, test } from './fixtures';

/**
 * "Fine-tune" in Chromium (WASM, a few steps on tiny crops so it stays short): a folder of synthetic DIC pairs
 * (`npm run synth`, 3× zoom) trains cells-synthetic in the fine-tuning worker with a live curve; the result is
 * listed under "Your models" with its card, segments like any model, survives a reload (OPFS), and its
 * bioimage.io package, opened with "Open model", gives the same mask as the fine-tuned model itself.
 */
test('fine-tune: train on a folder, use the result, keep it across a reload, export a package the studio opens', async ({ studioPage: s }) => {
  test.setTimeout(480_000); // a few training steps on WASM: seconds on a free machine, minutes on a loaded 2-core CI box
  const dir = join(test.info().outputPath(), 'dic-zoom3');
  runSynth(synthArgs(['--kind', 'dic', '--n', '3', '--size', '64', '--seed', '1700', '--zoom', '3', '--out', dir]));
  const model = s.page.getByLabel('Model', { exact: true });
  await s.choose('cells-synthetic', 'WASM');
  const panel = s.page.getByRole('region', { name: 'Fine-tune' });
  await panel.getByLabel('Training folder').setInputFiles(dir);
  await expect(panel.getByText('3 pairs from “dic-zoom3”.')).toBeVisible();
  await panel.getByLabel('Steps').fill('2');
  await panel.getByLabel('Crop').selectOption('64');
  await panel.getByRole('button', { name: 'Start fine-tuning' }).click();
  await expect(panel.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(panel.getByRole('img', { name: /Training loss and validation IoU/ })).toBeVisible({ timeout: 60_000 });

  // Done: a new own model, selected, with its card.
  const card = panel.getByTestId('finetune-card');
  await expect(card).toBeVisible({ timeout: 300_000 });
  await expect(card).toContainText('Fine-tuned from cells-synthetic on 2 pairs (dic-zoom3), 2 steps');
  await expect(model).toHaveValue(/^user:cells-synthetic-ft-\d{12}$/);
  const id = await model.inputValue();
  await expect(model.locator('optgroup[label="Your models"] option')).toHaveCount(1);

  // It segments like any model.
  const image = { name: 'dic-000.png', mimeType: 'image/png', buffer: readFileSync(join(dir, 'images', '000.png')) };
  await s.openImage(image);
  await s.segmentAndWait();
  const tuned = (await s.downloadMask()).png;

  // The bioimage.io package: the rdf names the weights and test tensors; opened in the studio it gives the same mask.
  const [dl] = await Promise.all([s.page.waitForEvent('download'), card.getByRole('button', { name: 'Download bioimage.io package' }).click()]);
  const zipPath = join(test.info().outputPath(), dl.suggestedFilename());
  await dl.saveAs(zipPath);
  const files = unzipSync(readFileSync(zipPath));
  expect(Object.keys(files).sort()).toEqual(['README.md', 'rdf.yaml', 'test_input.npy', 'test_output.npy', 'weights.onnx']);
  const rdf = parse(strFromU8(files['rdf.yaml'])) as { weights: { onnx: { source: string } }; config: { segmentation_studio: { finetune: ModelCard['finetune'] } } };
  expect(rdf.weights.onnx.source).toBe('weights.onnx');
  expect(rdf.config.segmentation_studio.finetune!.base).toBe('cells-synthetic');
  await s.page.getByLabel('Open model (.onnx)').setInputFiles(zipPath);
  await expect(model).not.toHaveValue(id);
  await s.page.getByLabel('Backend').selectOption({ label: 'WASM' });
  await s.segmentAndWait();
  const fromPackage = (await s.downloadMask()).png;
  expect(Buffer.from(fromPackage.data).equals(Buffer.from(tuned.data))).toBe(true);

  // A reload brings the fine-tuned model back from OPFS.
  await s.page.reload();
  await expect(model.locator(`option[value="${id}"]`)).toHaveCount(1, { timeout: 60_000 });
});
