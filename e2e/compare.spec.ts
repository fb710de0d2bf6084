/**
 * Compare mode on real data: ISBI 2012 image 20 with its mask, the "em-unet vs em-unet-noskip" preset on WASM.
 * Both panes show a mask, the table lists both models with IoU/Dice equal to the eval CLI's core
 * (src/cli/evalCore.ts `evaluatePairs`, as in ground-truth.spec.ts) to 4 decimals, and the difference legend
 * shows pixel counts that add up to each pane's foreground. The classical baseline pane (Otsu + small-object
 * removal, on by default) shows a mask whose IoU/Dice equal the same pure modules run here in Node on the same
 * files. Zooming (wheel, buttons) and dragging in one pane moves every pane and the main viewer identically, and
 * Fit restores them. Moving the threshold re-renders without a new run.
 * Skipped when the models or the data (at $SEGSTUDIO_DATA or ../shared/datasets) are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { otsuSegment, type Polarity } from '../src/baseline/otsuSegment';
import { evaluatePairs } from '../src/cli/evalCore';
import { decodeImage } from '../src/io/decode';
import { decodeMask } from '../src/io/decodeMask';
import { confusion } from '../src/metrics/confusion';
import { scores } from '../src/metrics/scores';
import { findCard, loadManifest, openModel } from '../src/cli/nodeSession';
import { dataRoot } from '../src/io/testBytes';
import { expect, test } from './fixtures';
import { boxOf, drag, laidOut, readViewport, viewportOf, type ViewportState } from './viewport';

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

/** The baseline by the same pure modules the worker runs (baseline/otsuSegment.ts), scored like the eval CLI. */
async function baselineReference(polarity: Polarity, minArea: number, threshold: number) {
  const raw = await decodeImage(new Uint8Array(readFileSync(imagePath)).buffer, '20.png');
  const gt = await decodeMask(new Uint8Array(readFileSync(maskPath)).buffer, '20_mask.png');
  const r = otsuSegment(raw, { polarity, minArea });
  return { ...r, ...scores(confusion(Float32Array.from(r.mask), gt.binary, threshold)) };
}

test('compare: em-unet vs em-unet-noskip on ISBI image 20 → both panes, metrics equal the eval CLI, difference legend, baseline, synced zoom', async ({ studioPage: s }) => {
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
  await expect(page.getByLabel('Baseline (Otsu) pane')).toBeChecked();
  const polarity = await page.getByLabel('Baseline foreground').inputValue() as Polarity;
  const minArea = Number(await page.getByLabel('Baseline min. object (px)').inputValue());
  const base = await baselineReference(polarity, minArea, t);
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

  // The classical baseline: its pane shows Otsu's mask, its row the same IoU/Dice as the Node reference.
  const basePane = view.getByRole('figure', { name: 'Baseline' });
  await expect(basePane).toContainText('Baseline (Otsu)');
  await expect(basePane).toContainText(`t = ${+base.threshold.toFixed(3)} · ${polarity} · ≥ ${minArea} px (${base.removedObjects} removed)`);
  const baseOverlay = view.getByRole('img', { name: 'Baseline overlay' });
  await expect(baseOverlay).toBeVisible();
  await expect(baseOverlay).toHaveAttribute('data-foreground', String(base.foregroundPixels));
  const baseRow = view.locator('tr[data-model="baseline-otsu"]');
  for (const k of ['iou', 'dice'] as const) {
    const cell = baseRow.locator(`[data-field="compare-${k}-baseline"]`);
    await expect.poll(async () => Number(await cell.getAttribute('data-value'))).toBeCloseTo(base[k], 10);
    await expect(cell).toHaveText(base[k].toFixed(4));
    test.info().annotations.push({ type: `baseline ${k}`, description: `studio ${await cell.getAttribute('data-value')} vs Node ${base[k]} (Otsu t = ${base.threshold})` });
  }
  await expect(baseRow.locator('[data-field="compare-f1-baseline"]')).toHaveText(/^\d\.\d{4}$/);

  const legend = view.getByRole('list', { name: 'Difference legend' });
  const count = async (k: string) => Number(await legend.locator(`li[data-kind="${k}"] [data-count]`).getAttribute('data-count'));
  await expect(legend.locator('li[data-kind="onlyA"]')).toContainText(/Only A[\d,]+ px/);
  expect((await count('onlyA')) + (await count('both'))).toBe(fg.A);
  expect((await count('onlyB')) + (await count('both'))).toBe(fg.B);
  await expect(view.getByRole('img', { name: 'Difference overlay' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('compare.png'), fullPage: true });

  // One viewport for all: zoom in one pane (wheel, then a button), drag in another, fit in a third.
  const panes = ['Pane A', 'Pane B', 'Baseline', 'Difference'].map((l) => viewportOf(view, l));
  const main = viewportOf(page, 'Image');
  const all = () => Promise.all([...panes, main].map(readViewport));
  const fit = await Promise.all(panes.map(laidOut));
  for (const f of fit) expect(f).toEqual(fit[0]); // panes of one size fit alike
  const allEqual = async (check: (v: ViewportState) => void) => {
    await expect.poll(async () => new Set((await all()).map((v) => JSON.stringify(v))).size, 'every pane shows the same viewport').toBe(1);
    check((await all())[0]);
  };
  await panes[0].scrollIntoViewIfNeeded();
  const boxA = await boxOf(panes[0]);
  await page.mouse.move(Math.round(boxA.x + boxA.width * 0.3), Math.round(boxA.y + boxA.height * 0.6));
  await page.mouse.wheel(0, -310);
  await allEqual((v) => {
    expect(v.scale).toBeCloseTo(fit[0].scale * 2, 6);
    expect(v.centerX).toBeLessThan(256); // towards the cursor, left of and below the centre
    expect(v.centerY).toBeGreaterThan(256);
  });
  const wheeled = await readViewport(panes[0]);
  await panes[1].getByRole('button', { name: 'Zoom in' }).click();
  await allEqual((v) => expect(v).toEqual({ ...wheeled, scale: wheeled.scale * 2 }));
  const zoomed = await readViewport(panes[1]);
  await drag(page, panes[3], [100, 100], -60, -30);
  await allEqual((v) => {
    expect(v.scale).toBe(zoomed.scale);
    expect(v.centerX).toBeCloseTo(zoomed.centerX + 60 / zoomed.scale, 6);
    expect(v.centerY).toBeCloseTo(zoomed.centerY + 30 / zoomed.scale, 6);
  });
  await panes[2].getByRole('button', { name: 'Fit' }).click();
  await expect.poll(() => Promise.all(panes.map(readViewport))).toEqual(fit);
  await page.screenshot({ path: test.info().outputPath('compare-fit.png'), fullPage: true });

  // The threshold re-renders both panes and the difference from the kept runs: no new run.
  const timeA = await view.getByRole('figure', { name: 'Pane A' }).locator('figcaption').textContent();
  await page.getByLabel('Threshold').fill('0.8');
  await expect(view.getByRole('heading')).toHaveText('Comparison at threshold 0.80');
  await expect(view.getByRole('img', { name: 'Pane A overlay' })).not.toHaveAttribute('data-foreground', String(fg.A));
  await expect(view.getByRole('figure', { name: 'Pane A' }).locator('figcaption')).toHaveText(timeA!);
  await expect(baseOverlay).toHaveAttribute('data-foreground', String(base.foregroundPixels)); // a 0/1 map: the same mask
  await expect(status).toHaveText('Comparison done');
});
