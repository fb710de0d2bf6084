/**
 * Ground truth of a large image in the page (issue #12: "pixel metrics against a large ground truth … work tile
 * by tile"), Chromium, WASM, fixture-tiny-unet: a 16-bit tiled TIFF of 12.6 MP is opened through "Open image" as a
 * large image (the worker's test hook lowers the 64 MP limit to 8 MP, so the spec takes about a minute of
 * streaming instead of several; everything else is the large-image path: LOD view, streamed run, tile stores); a mask built by python3-tifffile from the run's own exported labels (every third object dropped,
 * squares added: F1 neither 0 nor 1) is opened through the Truth panel; the Metrics panel's IoU, Dice,
 * precision, recall, object counts, object F1 and SEG equal an independent numpy/skimage computation on the
 * exported labels and the mask, to 4 decimals, at two thresholds. The second threshold's metrics show progress
 * and are cancelled once ("Cancelled", no error), then recomputed. A mask of another size is refused with a
 * message and the mask and metrics stay. First, cheaply: the Display panel's min/max re-draw the image (contrast).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_MODEL, expect, test } from './fixtures';
import './studioHooks';
import { writeLargeTiff } from './largeTiff';

const W = 4096, H = 3072; // 12.6 MP, opened as a large image because the test lowers the limit to 8 MP (below)
const LIMIT = 8_000_000;

/** The run's labels at `t` as a tiled BigTIFF (the worker's streamed export), written to `path`. */
async function exportLabels(page: Page, runId: string, t: number, path: string): Promise<void> {
  const b64 = await page.evaluate(async ([id, th]) => {
    const blob = (await window.__studioTest!.client.exportLargeRun(id, th, 'bigtiff'))!;
    const u = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
    return btoa(bin);
  }, [runId, t] as const);
  writeFileSync(path, Buffer.from(b64, 'base64'));
}

/** numpy/skimage metrics of labels > 0 against mask > 0: pixel scores, 8-connected objects matched at IoU ≥ 0.5, SEG. */
function reference(labels: string, mask: string): Record<string, number> {
  const out = execFileSync('/usr/bin/python3', ['-c', `
import json, numpy as np, tifffile
from skimage.measure import label
pred = tifffile.imread(${JSON.stringify(labels)}) > 0
gt = tifffile.imread(${JSON.stringify(mask)}) > 0
tp = int((pred & gt).sum()); fp = int((pred & ~gt).sum()); fn = int((~pred & gt).sum())
P, nP = label(pred, connectivity=2, return_num=True)
G, nG = label(gt, connectivity=2, return_num=True)
both = (P > 0) & (G > 0)
u, inter = np.unique(P[both].astype(np.int64) * (nG + 1) + G[both], return_counts=True)
p, g = u // (nG + 1), u % (nG + 1)
pa = np.bincount(P.ravel(), minlength=nP + 1); ga = np.bincount(G.ravel(), minlength=nG + 1)
iou = inter / (pa[p] + ga[g] - inter)
used_p, used_g, matched = set(), set(), 0
for k in np.argsort(-iou, kind='stable'):
    if iou[k] < 0.5: break
    if p[k] in used_p or g[k] in used_g: continue
    used_p.add(p[k]); used_g.add(g[k]); matched += 1
jac = np.zeros(nG + 1)
cover = 2 * inter > ga[g]
jac[g[cover]] = iou[cover]
print(json.dumps({'iou': tp / (tp + fp + fn), 'dice': 2 * tp / (2 * tp + fp + fn), 'precision': tp / (tp + fp), 'recall': tp / (tp + fn),
  'tp': tp, 'fp': fp, 'fn': fn, 'objects-predicted': int(nP), 'objects-truth': int(nG), 'objects-matched': matched,
  'object-f1': 2 * matched / (nP + nG), 'seg': float(jac[1:].mean())}))
`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Record<string, number>;
}

/** The Metrics panel's values (data-value, full precision) of `fields`. */
async function panel(page: Page, fields: string[]): Promise<Record<string, number>> {
  const m = page.getByRole('region', { name: 'Metrics' });
  const out: Record<string, number> = {};
  for (const f of fields) out[f] = Number(await m.locator(`dd[data-field="${f}"]`).getAttribute('data-value'));
  return out;
}

test('ground truth of a large image: the Metrics panel equals numpy/skimage on the exported labels, tile by tile', async ({ studioPage: s }) => {
  test.setTimeout(600_000); // 12.6 MP of fixture-model tiles on WASM: minutes on a busy 2-core machine
  const page = s.page;
  const t0 = Date.now();
  const lap = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'e2e-ltruth-'));
  try {
    const big = join(dir, 'large.tif');
    writeLargeTiff(big, W, H);
    await page.evaluate((n) => window.__studioTest!.client.setLargePixels(n), LIMIT);
    await page.getByLabel('Open image').setInputFiles(big);
    await expect(s.imageCanvas('large.tif')).toBeVisible({ timeout: 120_000 });

    // Contrast (Display panel): a narrower window re-draws the visible region brighter from the levels; Auto returns.
    const canvas = s.imageCanvas('large.tif');
    await expect(canvas).toHaveAttribute('data-level', /\d/, { timeout: 120_000 });
    const sampled = (await canvas.getAttribute('data-window'))!;
    const [lo, hi] = sampled.split(',').map(Number);
    const mean = () => page.evaluate(() => {
      const c = document.querySelector('canvas[aria-label="Image large.tif"]') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let sum = 0, n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]) { sum += d[i]; n++; }
      return n ? sum / n : -1;
    });
    const before = await mean();
    const mid = Math.round((lo + hi) / 2);
    await page.getByLabel('Display maximum').fill(String(mid));
    await page.getByLabel('Display maximum').press('Enter');
    await expect(canvas).toHaveAttribute('data-window', `${lo},${mid}`);
    await expect(s.info('display-window')).toContainText('set by you');
    await expect.poll(mean, { timeout: 60_000 }).toBeGreaterThan(before + 10);
    await page.getByRole('button', { name: 'Auto contrast' }).click();
    await expect(canvas).toHaveAttribute('data-window', sampled);
    await expect(s.info('display-window')).toContainText('sampled');

    await s.choose(FIXTURE_MODEL, 'WASM');
    await s.segment();
    lap('opened, contrast checked');
    await expect(s.status()).toContainText('Done', { timeout: 540_000 });
    lap('run done');
    const runId = await page.evaluate(() => window.__studioTest!.studio.getState().largeRun!.runId);

    // The mask: the run's objects at 0.5 without every third one, plus 40 squares, 0/255, tiled and compressed.
    const labels05 = join(dir, 'labels05.tif'), mask = join(dir, 'mask.tif');
    await exportLabels(page, runId, 0.5, labels05);
    execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile
lab = tifffile.imread(${JSON.stringify(labels05)})
m = (lab > 0) & (lab % 3 != 0)
for k in range(40):
    y, x = 97 + (k * 389) % (${H} - 200), 131 + (k * 997) % (${W} - 200)
    m[y:y + 60, x:x + 60] = True
tifffile.imwrite(${JSON.stringify(mask)}, (m * 255).astype(np.uint8), tile=(512, 512), compression='zlib')
`]);
    await page.getByLabel('Open ground truth').setInputFiles(mask);
    lap('mask written');
    await expect(page.getByTestId('truth-summary')).toContainText(`mask.tif: ${W} × ${H}, binary`, { timeout: 180_000 });
    lap('mask read');
    const fields = ['iou', 'dice', 'precision', 'recall', 'tp', 'fp', 'fn', 'objects-predicted', 'objects-truth', 'objects-matched', 'object-f1', 'seg'];
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await expect(metrics.locator('[data-field="metrics-threshold"]')).toHaveText('0.50', { timeout: 180_000 });
    lap('metrics at 0.5 shown');
    const ref05 = reference(labels05, mask);
    lap('reference at 0.5');
    const got05 = await panel(page, fields);
    expect(ref05['object-f1']).toBeGreaterThan(0.3);
    expect(ref05['object-f1']).toBeLessThan(1);
    for (const f of fields) expect(got05[f], f).toBeCloseTo(ref05[f], 4);
    // the Info panel's counts at 0.5 came with the metrics
    await expect(s.info('objects')).toHaveText(String(ref05['objects-predicted']));

    // Another threshold: progress shows, Cancel stops it without an error, Recompute brings the numbers.
    await page.getByLabel('Threshold').fill('0.6');
    const status = metrics.getByRole('status');
    await expect(status).toContainText(/Computing metrics at 0\.60… \d+ %/, { timeout: 30_000 });
    await metrics.getByRole('button', { name: 'Cancel metrics' }).click();
    lap('metrics at 0.6 cancelled');
    await expect(status).toHaveText(/Cancelled at 0\.60/);
    await expect(s.alert()).toHaveCount(0);
    await metrics.getByRole('button', { name: 'Recompute' }).click();
    await expect(metrics.locator('[data-field="metrics-threshold"]')).toHaveText('0.60', { timeout: 180_000 });
    lap('metrics at 0.6 shown');
    const labels06 = join(dir, 'labels06.tif');
    await exportLabels(page, runId, 0.6, labels06);
    const ref06 = reference(labels06, mask);
    const got06 = await panel(page, fields);
    for (const f of fields) expect(got06[f], f).toBeCloseTo(ref06[f], 4);
    expect(got06.iou).not.toBe(got05.iou);
    // Metrics (CSV) from the Export panel: the panel's numbers at the slider's threshold.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Metrics (CSV)', exact: true }).click()]);
    expect(csv.suggestedFilename()).toBe('large_metrics.csv');
    const [head, row] = readFileSync((await csv.path())!, 'utf8').split('\r\n');
    const cell = (k: string) => Number(row.split(',')[head.split(',').indexOf(k)]);
    expect(cell('threshold')).toBe(0.6);
    expect(cell('tp')).toBe(ref06.tp);
    expect(cell('iou')).toBeCloseTo(ref06.iou, 4);
    expect(cell('object_f1')).toBeCloseTo(ref06['object-f1'], 4);

    // A mask of another size: a clear message, and the mask and metrics stay.
    lap('reference at 0.6');
    const small = join(dir, 'small.tif');
    execFileSync('/usr/bin/python3', ['-c', `import numpy as np, tifffile; tifffile.imwrite(${JSON.stringify(small)}, np.zeros((100, 120), np.uint8))`]);
    await page.getByLabel('Open ground truth').setInputFiles(small);
    await expect(s.alert()).toContainText(`Ground truth is 120 × 100 but the image is ${W} × ${H}`);
    await expect(page.getByTestId('truth-summary')).toContainText('mask.tif');
    expect(await panel(page, ['iou'])).toEqual({ iou: got06.iou });
    lap('wrong size refused');
    console.log(`large truth ${W}×${H}: IoU ${got05.iou.toFixed(4)} / ${got06.iou.toFixed(4)}, object F1 ${got05['object-f1'].toFixed(4)} / ${got06['object-f1'].toFixed(4)} at 0.5 / 0.6 = numpy/skimage`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
