/**
 * Compare mode on real data: ISBI 2012 image 20 with its mask, the "em-unet vs em-unet-noskip" preset on WASM.
 * Both panes show a mask, the table lists both models with IoU/Dice equal to the eval CLI's core
 * (src/cli/evalCore.ts `evaluatePairs`, as in ground-truth.spec.ts) to 4 decimals, and the difference legend
 * shows pixel counts that add up to each pane's foreground. Moving the threshold re-renders without a new run.
 * Skipped when the models or the data (at $SEGSTUDIO_DATA or ../shared/datasets) are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePairs } from '../src/cli/evalCore';
import { findCard, loadManifest, openModel } from '../src/cli/nodeSession';
import { dataRoot } from '../src/io/testBytes';
import { expect, test } from './fixtures';

const EM_DIR = join(dataRoot(), 'isbi2012_em');
const imagePath = join(EM_DIR, 'images', '20.png'), maskPath = join(EM_DIR, 'masks', '20.png');
const [A, B] = ['em-unet', 'em-unet-noskip'];

/** IoU and Dice of one model by the eval CLI's own path (one thread: the browser is using the cores). */
async function evalCli(modelId: string, threshold: number) {
  const model = await openModel(findCard(loadManifest(), modelId), undefined, { threads: 1 });
  try {
    return (await evaluatePairs(model, [{ name: '20.png', image: imagePath, mask: maskPath }], { threshold })).images[0];
  } finally {
    await model.release();
  }
}

test('compare: em-unet vs em-unet-noskip on ISBI image 20 → both panes, metrics equal the eval CLI, difference legend', async ({ studioPage: s }) => {
  const ids = loadManifest().models.map((m) => m.id);
  test.skip(!ids.includes(A) || !ids.includes(B), `no '${A}' and '${B}' in public/models/models.json`);
  test.skip(!existsSync(imagePath) || !existsSync(maskPath), `ISBI 2012 image/mask 20 not found under ${EM_DIR} (set SEGSTUDIO_DATA)`);
  test.setTimeout(900_000);
  const page = s.page;

  await s.openImage({ name: '20.png', mimeType: 'image/png', buffer: readFileSync(imagePath) });
  await page.getByLabel('Open ground truth').setInputFiles({ name: '20_mask.png', mimeType: 'image/png', buffer: readFileSync(maskPath) });
  await expect(page.getByTestId('truth-summary')).toContainText('20_mask.png: 512 × 512, binary');
  await s.choose(A, 'WASM');
  const t = Number(await page.getByLabel('Threshold').inputValue());
  const cli = { [A]: await evalCli(A, t), [B]: await evalCli(B, t) };

  await page.getByRole('button', { name: 'Compare models' }).click();
  await page.getByRole('button', { name: `${A} vs ${B}` }).click();
  await expect(page.getByLabel('Compare A')).toHaveValue(A);
  await expect(page.getByLabel('Compare B')).toHaveValue(B);
  await page.getByRole('button', { name: 'Run comparison' }).click();
  const status = page.getByTestId('compare-status');
  await expect(status).toContainText('A (', { timeout: 60_000 });
  await expect(status).toContainText('B (', { timeout: 420_000 });
  await expect(status).toHaveText('Comparison done', { timeout: 420_000 });

  const view = page.getByRole('region', { name: 'Comparison' });
  const fg: Record<string, number> = {};
  for (const [slot, id] of [['A', A], ['B', B]] as const) {
    const overlay = view.getByRole('img', { name: `Pane ${slot} overlay` });
    await expect(overlay).toBeVisible();
    await expect(overlay).toHaveAttribute('data-foreground', /^[1-9]\d*$/);
    fg[slot] = Number(await overlay.getAttribute('data-foreground'));
    const pane = view.getByRole('figure', { name: `Pane ${slot}` });
    await expect(pane).toContainText(findCard(loadManifest(), id).name);
    await expect(pane).toContainText(/\d+\.\d\d s · WASM/);
    const row = view.locator(`tr[data-model="${id}"]`);
    await expect(row).toBeVisible();
    for (const k of ['iou', 'dice'] as const) {
      const cell = row.locator(`[data-field="compare-${k}-${slot.toLowerCase()}"]`);
      await expect.poll(async () => Number(await cell.getAttribute('data-value'))).toBeCloseTo(cli[id][k], 4);
      await expect(cell).toHaveText(Number(await cell.getAttribute('data-value')).toFixed(4));
      test.info().annotations.push({ type: `${id} ${k}`, description: `studio ${await cell.getAttribute('data-value')} vs eval CLI ${cli[id][k]}` });
    }
    await expect(row.locator(`[data-field="compare-f1-${slot.toLowerCase()}"]`)).toHaveText(/^\d\.\d{4}$/);
  }

  const legend = view.getByRole('list', { name: 'Difference legend' });
  const count = async (k: string) => Number(await legend.locator(`li[data-kind="${k}"] [data-count]`).getAttribute('data-count'));
  await expect(legend.locator('li[data-kind="onlyA"]')).toContainText(/Only A[\d,]+ px/);
  expect((await count('onlyA')) + (await count('both'))).toBe(fg.A);
  expect((await count('onlyB')) + (await count('both'))).toBe(fg.B);
  await expect(view.getByRole('img', { name: 'Difference overlay' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('compare.png'), fullPage: true });

  // The threshold re-renders both panes and the difference from the kept runs: no new run.
  const timeA = await view.getByRole('figure', { name: 'Pane A' }).locator('figcaption').textContent();
  await page.getByLabel('Threshold').fill('0.8');
  await expect(view.getByRole('heading')).toHaveText('Comparison at threshold 0.80');
  await expect(view.getByRole('img', { name: 'Pane A overlay' })).not.toHaveAttribute('data-foreground', String(fg.A));
  await expect(view.getByRole('figure', { name: 'Pane A' }).locator('figcaption')).toHaveText(timeA!);
  await expect(status).toHaveText('Comparison done');
});
