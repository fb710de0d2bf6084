/**
 * Studio batch (issue #13): 4 images with 3 masks added as files (masks paired by the _mask suffix), run on
 * WASM; the table's numbers equal `npm run segment --masks` on the same files (to the 4 decimals the table shows, 1e-6 in the CSV); a reload mid-batch
* resumes without redoing finished images (their IndexedDB doneAt stays); the CSV and the ZIP are checked.
 */
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { cellsImage, cellsPng } from './samples';
import { expect, test, type SampleFile } from './fixtures';
import { cliReference } from './batchReference';

const MODEL = 'cells-synthetic';
// Images 3 and 4 are larger, so the reload after image 2 lands while image 3 is still running.
const SIZES = [256, 256, 512, 512];
const images: SampleFile[] = [1, 2, 3, 4].map((k) => ({ name: `img${k}.png`, mimeType: 'image/png', buffer: Buffer.from(cellsPng(SIZES[k - 1], SIZES[k - 1], 40 + k)) }));
const maskOf = (k: number): SampleFile => {
  const S = SIZES[k - 1], v = cellsImage(S, S, 40 + k);
  return { name: `img${k}_mask.png`, mimeType: 'image/png', buffer: Buffer.from(encodePng({ width: S, height: S, data: Uint8Array.from(v, (x) => (x > 0.45 ? 255 : 0)), channels: 1, depth: 8 })) };
};
const masks = [1, 2, 3].map(maskOf); // img4 has none

const doneAt = (page: Page) => page.evaluate(() => new Promise<Record<string, number | null>>((resolve, reject) => {
  const r = indexedDB.open('segstudio-batch');
  r.onerror = () => reject(r.error);
  r.onsuccess = () => {
    const q = r.result.transaction('items').objectStore('items').getAll();
    q.onsuccess = () => {
      resolve(Object.fromEntries((q.result as { name: string; doneAt?: number }[]).map((i) => [i.name, i.doneAt ?? null])));
      r.result.close();
    };
  };
}));

const cellOf = async (page: Page, name: string, col: string) =>
  page.getByRole('row', { name: `Open ${name}` }).locator(`td[data-col="${col}"]`).textContent();

test('batch of 4 images with 3 masks: table equals the Node reference, resumes after a reload, CSV and ZIP', async ({ studioPage, page }) => {
  test.setTimeout(600_000);
  // Downloads through <a download> (the File System Access picker would wait for a person).
  await page.addInitScript(() => { delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker; });
  await page.reload();
  await studioPage.choose(MODEL, 'WASM');
  await page.getByLabel('Add files').setInputFiles([...images, ...masks]);
  const batch = page.getByRole('region', { name: 'Batch' });
  await expect(batch.getByTestId('batch-note')).toContainText('4 images, 3 with a mask');

  const refs = cliReference(images, [...masks, undefined], MODEL);
  expect(refs.map((r) => r.name)).toEqual(['img1', 'img2', 'img3', 'img4']); // output names, as summary.csv has them

  await batch.getByRole('button', { name: 'Start batch' }).click();
  await expect(batch.getByText(/^2 of 4 images/)).toBeVisible({ timeout: 120_000 });
  await page.reload(); // mid-batch: image 3 is running
  const restored = page.getByRole('region', { name: 'Batch' });
  await expect(restored.getByTestId('batch-note')).toContainText('Batch restored');
  const before = await doneAt(page);
  const finished = Object.entries(before).filter(([, t]) => t !== null).map(([n]) => n);
  expect(finished.length).toBeGreaterThanOrEqual(2);
  expect(finished.length).toBeLessThan(4);
  await restored.getByRole('button', { name: 'Resume batch' }).click();
  await expect(restored.getByText(/4 of 4 images · batch finished/)).toBeVisible({ timeout: 180_000 });
  const after = await doneAt(page);
  for (const n of finished) expect(after[n], `${n} was not redone`).toBe(before[n]);

  // The table against the reference, to 4 decimals (the table shows 4).
  for (const r of refs) {
    expect(await cellOf(page, r.name, 'objects')).toBe(String(r.objects));
    // equal to 4 decimals: the table rounds to 4, the CLI's CSV to 6
    const near = async (col: string, want: number) => expect(Math.abs(Number(await cellOf(page, r.name, col)) - want)).toBeLessThanOrEqual(5e-5 + 1e-6);
    await near('foreground_fraction', r.foregroundFraction);
    for (const k of ['iou', 'dice', 'f1'] as const) {
      if (r[k] === undefined) expect(await cellOf(page, r.name, k)).toBe('—');
      else await near(k, r[k]!);
    }
  }
  const meanIou = refs.slice(0, 3).reduce((a, r) => a + r.iou!, 0) / 3;
  await expect(page.getByRole('row', { name: 'Mean ± sd' }).locator('td[data-col="iou"]')).toContainText(meanIou.toFixed(4));

  // Sorting by IoU descending puts the image without a mask last.
  await page.getByRole('button', { name: 'IoU' }).click();
  await page.getByRole('button', { name: 'IoU' }).click();
  await expect(page.locator('.batch-table tbody tr').last()).toHaveAttribute('aria-label', 'Open img4');

  // CSV: one row per image with the reference's values (6 decimals there).
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export table (CSV)' }).click()]);
  const lines = readFileSync((await csvDl.path())!, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('name,plane,width,height,objects,foreground_fraction,mean_object_area,iou,dice,f1');
  for (const r of refs) {
    const cols = lines.find((l) => l.startsWith(`${r.name},`))!.split(',');
    expect(Number(cols[4])).toBe(r.objects);
    if (r.iou !== undefined) expect(Math.abs(Number(cols[7]) - r.iou)).toBeLessThanOrEqual(1e-6);
    else expect(cols[7]).toBe('');
  }

  // ZIP: the CSV plus each image's mask PNG (equal to the reference mask) and labels TIFF.
  const [zipDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export results (ZIP)' }).click()]);
  const files = unzipSync(readFileSync((await zipDl.path())!));
  expect(Object.keys(files).sort()).toEqual(['batch_results.csv', ...[1, 2, 3, 4].flatMap((k) => [`labels/img${k}.labels.tif`, `masks/img${k}.mask.png`])].sort());
  expect(strFromU8(files['batch_results.csv'])).toBe(readFileSync((await csvDl.path())!, 'utf8'));
  for (const r of refs) {
    const png = decodePng(files[`masks/${r.name}.mask.png`]);
    let differ = 0;
    for (let i = 0; i < r.mask.length; i++) if ((png.data[i] > 0) !== (r.mask[i] > 0)) differ++;
    expect(differ, `${r.name}: mask pixels differing from the reference`).toBe(0);
  }

  // Clicking a row opens that image with its result.
  await page.getByRole('row', { name: 'Open img2' }).click();
  await expect(studioPage.info('file')).toHaveText('img2.png');
  await expect(studioPage.status()).toContainText('Done', { timeout: 60_000 });
});
