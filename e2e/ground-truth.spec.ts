/**
 * Ground truth, one flow per model: open an image and its mask, segment on WASM, and read IoU/Dice from the page;
 * they must equal the eval CLI's core (src/cli/evalCore.ts `evaluatePairs`: the same decoders, tiling and
 * metrics with onnxruntime-node) on the same files, to 4 decimals. Then the threshold moves (metrics follow
 * without a new run), the error map shows its legend with the pixel counts, the exports download, and a mask
 * of the wrong size is refused with both sizes while the previous metrics stay.
 *
 * Cases: the fixture model on a generated 200×150 image with a 16-bit instance-label TIFF (always), and the
 * real EM U-Net ('em-unet') on ISBI 2012 image 20 (test split) with its 0/255 mask, when the manifest has it
 * and the data are at $SEGSTUDIO_DATA or ../shared/datasets (read in place, never copied into the repo).
 */
import { encode as encodePng } from 'fast-png';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { evaluatePairs } from '../src/cli/evalCore';
import { findCard, loadManifest, openModel } from '../src/cli/nodeSession';
import { decodeImage } from '../src/io/decode';
import { encodeTiff } from '../src/io/encodeTiff';
import { dataRoot } from '../src/io/testBytes';
import { labelComponents } from '../src/metrics/components';
import type { Download } from '@playwright/test';
import { FIXTURE_MODEL, expect, test, type SampleFile, type StudioPage } from './fixtures';
import { cellsImage, cellsPng } from './samples';

interface Case {
  modelId: string;
  image: SampleFile;
  mask: SampleFile;
  /** Paths of the same files for the eval CLI's core. */
  imagePath: string;
  maskPath: string;
  width: number;
  height: number;
  isInstance: boolean;
  /** Threshold the slider moves to. */
  moveTo: number;
}

const png = (name: string, path: string): SampleFile => ({ name, mimeType: 'image/png', buffer: readFileSync(path) });

/** Fixture case: generated cells image, and its blobs (value > 0.45) as 8-connected instance labels in a 16-bit TIFF. */
function fixtureCase(dir: string): Case {
  const [width, height] = [200, 150];
  mkdirSync(dir, { recursive: true });
  const imagePath = join(dir, 'cells-gt.png'), maskPath = join(dir, 'cells-gt.tif');
  writeFileSync(imagePath, cellsPng(width, height, 7));
  const fg = Uint8Array.from(cellsImage(width, height, 7), (v) => (v > 0.45 ? 1 : 0));
  const { labels, count } = labelComponents(fg, width, height);
  expect(count).toBeGreaterThan(2);
  writeFileSync(maskPath, encodeTiff(Uint16Array.from(labels), width, height));
  return {
    modelId: FIXTURE_MODEL, imagePath, maskPath, width, height, isInstance: true, moveTo: 0.65,
    image: png('cells-gt.png', imagePath), mask: { name: 'cells-gt.tif', mimeType: 'image/tiff', buffer: readFileSync(maskPath) },
  };
}

const EM_DIR = join(dataRoot(), 'isbi2012_em');
/** The EM model to check; SEGSTUDIO_EM_MODEL picks another card on the same data (e.g. em-unet-noskip). */
const EM_MODEL = process.env.SEGSTUDIO_EM_MODEL ?? 'em-unet';
const emCase = (): Case => {
  const imagePath = join(EM_DIR, 'images', '20.png'), maskPath = join(EM_DIR, 'masks', '20.png');
  return {
    modelId: EM_MODEL, imagePath, maskPath, width: 512, height: 512, isInstance: false, moveTo: 0.8,
    image: png('20.png', imagePath), mask: png('20_mask.png', maskPath),
  };
};

/** IoU and Dice by the eval CLI's own path at threshold t (one thread: the browser is using the cores). */
async function evalCli(c: Case, t: number) {
  const model = await openModel(findCard(loadManifest(), c.modelId), undefined, { threads: 1 });
  try {
    const r = await evaluatePairs(model, [{ name: basename(c.imagePath), image: c.imagePath, mask: c.maskPath }], { threshold: t });
    return r.images[0];
  } finally {
    await model.release();
  }
}

async function downloaded(s: StudioPage, button: string): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: button, exact: true }).click()]);
  return { d, bytes: readFileSync((await d.path())!) };
}

/** Drop a file on the Ground truth panel, as a person dragging it from the desktop would. */
async function dropTruth(s: StudioPage, file: SampleFile) {
  const dataTransfer = await s.page.evaluateHandle(({ name, type, bytes }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
    return dt;
  }, { name: file.name, type: file.mimeType, bytes: Array.from(file.buffer) });
  const panel = s.page.getByRole('region', { name: 'Ground truth' });
  await panel.dispatchEvent('dragenter', { dataTransfer });
  await panel.dispatchEvent('drop', { dataTransfer });
}

/**
 * The page's score equals `want` to 4 decimals (|Δ| < 5e-5; onnxruntime-web and -node may differ by ~1e-6 in a
 * probability, which can move a pixel that sits on the threshold) and is shown rounded to 4 decimals.
 */
async function expectScore(s: StudioPage, name: string, want: number) {
  const value = async () => Number((await s.info(name).getAttribute('data-value')) ?? NaN);
  await expect.poll(value).toBeCloseTo(want, 4);
  const got = await value();
  await expect(s.info(name)).toHaveText(got.toFixed(4));
  test.info().annotations.push({ type: `${name}`, description: `studio ${got} vs eval CLI ${want} (Δ ${Math.abs(got - want).toExponential(1)})` });
}

/** Any element with this data-field (s.info covers only <dd>). */
const field = (s: StudioPage, name: string) => s.page.locator(`[data-field="${name}"]`);

async function groundTruthFlow(s: StudioPage, c: Case) {
  const card = findCard(loadManifest(), c.modelId);
  const t0 = card.threshold;
  const t0Cli = Date.now();
  const cli = await evalCli(c, t0);
  test.info().annotations.push({ type: 'eval CLI', description: `${c.modelId} IoU ${cli.iou.toFixed(4)} Dice ${cli.dice.toFixed(4)} at ${t0} (${Date.now() - t0Cli} ms)` });

  await s.openImage(c.image);
  await expect(s.info('size')).toHaveText(`${c.width} × ${c.height}`);
  await s.page.getByLabel('Open ground truth').setInputFiles(c.mask);
  const summary = s.page.getByTestId('truth-summary');
  await expect(summary).toContainText(`${c.mask.name}: ${c.width} × ${c.height}, ${c.isInstance ? 'instance labels' : 'binary'}`);
  await s.choose(c.modelId, 'WASM');
  await expect(s.page.getByLabel('Threshold')).toHaveValue(String(t0));

  const t0Run = Date.now();
  await s.segmentAndWait(c.modelId === FIXTURE_MODEL ? 120_000 : 420_000);
  test.info().annotations.push({ type: 'studio run', description: `${Date.now() - t0Run} ms (${await s.info('tiles').textContent()})` });
  // The studio's numbers are the eval CLI's numbers.
  await expect(field(s, 'metrics-threshold')).toHaveText(t0.toFixed(2));
  await expectScore(s, 'iou', cli.iou);
  await expectScore(s, 'dice', cli.dice);
  await expect(s.info('seg')).toHaveText(/^\d\.\d{4}$/);
  await expect(s.page.getByText(c.isInstance ? 'SEG (labels)' : 'SEG (components)')).toBeVisible();
  await expect(s.page.getByRole('img', { name: 'IoU and Dice sweep' })).toBeVisible();
  const iou0 = await s.info('iou').textContent();

  // The slider re-scores the kept probabilities: new numbers, same run.
  const runTime = await s.info('run-time').textContent();
  const tMove = Date.now();
  await s.page.getByLabel('Threshold').fill(String(c.moveTo));
  await expect(field(s, 'metrics-threshold')).toHaveText(c.moveTo.toFixed(2));
  test.info().annotations.push({ type: 'metrics after threshold move', description: `${Date.now() - tMove} ms` });
  await expect(s.info('iou')).not.toHaveText(iou0!);
  await expect(s.info('run-time')).toHaveText(runTime!);
  if (c.modelId === FIXTURE_MODEL) {
    const moved = await evalCli(c, c.moveTo); // cheap for the fixture; the EM case checks the default threshold
    await expectScore(s, 'iou', moved.iou);
    await expectScore(s, 'dice', moved.dice);
  }
  const iouMoved = await s.info('iou').textContent();

  // Error map: legend with the counts of the metrics at this threshold.
  await s.page.getByLabel('Overlay mode').selectOption('errors');
  const legend = s.page.getByRole('region', { name: 'Error map legend' });
  await expect(legend).toBeVisible();
  for (const k of ['tp', 'fp', 'fn'] as const) {
    const n = await s.info(k).textContent();
    await expect(legend.locator(`li[data-kind="${k}"] [data-count]`)).toHaveAttribute('data-count', n!);
    await expect(legend.locator(`li[data-kind="${k}"]`)).toContainText(`${Number(n).toLocaleString('en-US')} px`);
  }
  const fg = Number(await s.info('tp').textContent()) + Number(await s.info('fp').textContent());
  await expect(s.overlay()).toHaveAttribute('data-foreground', String(fg));
  await s.page.screenshot({ path: test.info().outputPath(`ground-truth-${c.modelId}.png`) });
  await s.page.getByRole('region', { name: 'Metrics' }).screenshot({ path: test.info().outputPath(`metrics-${c.modelId}.png`) });

  // Exports: metrics (CSV, JSON) at this threshold, labels (16-bit) and probabilities (float32) TIFF.
  const json = JSON.parse((await downloaded(s, 'Metrics (JSON)')).bytes.toString('utf8'));
  expect(json.threshold).toBe(c.moveTo);
  expect(json.pixel.iou.toFixed(4)).toBe(iouMoved);
  expect(json.sweep.iou).toHaveLength(101);
  const csv = await downloaded(s, 'Metrics (CSV)');
  expect(csv.d.suggestedFilename()).toBe(`${c.image.name.replace(/\.png$/, '')}_metrics.csv`);
  expect(csv.bytes.toString('utf8').split('\r\n')[0]).toMatch(/^image,ground_truth,model,width,height,threshold,iou,dice,/);
  const labels = await decodeImage(new Uint8Array((await downloaded(s, 'Labels (16-bit TIFF)')).bytes).buffer, 'labels.tif');
  expect([labels.width, labels.height, labels.sampleType]).toEqual([c.width, c.height, 'uint16']);
  expect(Math.max(...new Set(labels.data))).toBe(Number(await s.info('objects-predicted').textContent()));
  const prob = await decodeImage(new Uint8Array((await downloaded(s, 'Probabilities (float TIFF)')).bytes).buffer, 'prob.tif');
  expect([prob.width, prob.height, prob.sampleType]).toEqual([c.width, c.height, 'float32']);

  // A mask of another size, dropped on the panel: refused with both sizes; nothing else changes.
  const [sw, sh] = [c.width >> 1, c.height >> 1];
  const small: SampleFile = { name: 'small-mask.png', mimeType: 'image/png', buffer: Buffer.from(encodePng({ width: sw, height: sh, data: new Uint8Array(sw * sh).fill(255), channels: 1, depth: 8 })) };
  await dropTruth(s, small);
  await expect(s.alert()).toContainText(`Ground truth is ${sw} × ${sh} but the image is ${c.width} × ${c.height}`);
  await expect(s.info('iou')).toHaveText(iouMoved!);
  await expect(summary).toContainText(c.mask.name);
  await expect(s.imageCanvas(c.image.name)).toBeVisible();
  await expect(legend).toBeVisible();
  await expect(s.info('tiles')).not.toBeEmpty();
}

test.describe('ground truth', () => {
  test('fixture model: generated image + instance-label TIFF → IoU/Dice equal the eval CLI', async ({ studioPage: s }) => {
    await groundTruthFlow(s, fixtureCase(test.info().outputPath('data')));
    // Invert mask re-reads the open mask with foreground and background swapped; off again gives the same numbers.
    const iou = await s.info('iou').textContent();
    await s.page.getByRole('switch', { name: 'Invert mask' }).check();
    await expect(s.page.getByTestId('truth-summary')).toContainText('inverted');
    await expect(s.info('iou')).not.toHaveText(iou!);
    await s.page.getByRole('switch', { name: 'Invert mask' }).uncheck();
    await expect(s.info('iou')).toHaveText(iou!);
  });

  const hasEm = loadManifest().models.some((m) => m.id === EM_MODEL);
  const hasData = existsSync(join(EM_DIR, 'images', '20.png')) && existsSync(join(EM_DIR, 'masks', '20.png'));
  test(`${EM_MODEL}: ISBI 2012 image 20 + its mask → IoU/Dice equal the eval CLI`, async ({ studioPage: s }) => {
    test.skip(!hasEm, `no '${EM_MODEL}' in public/models/models.json yet`);
    test.skip(!hasData, `ISBI 2012 image/mask 20 not found under ${EM_DIR} (set SEGSTUDIO_DATA)`);
    test.setTimeout(900_000);
    await groundTruthFlow(s, emCase());
  });
});
