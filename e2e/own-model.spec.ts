import { encode as encodePng } from 'fast-png';
import { strToU8, zipSync } from 'fflate';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confusion } from '../src/metrics/confusion';
import { scores } from '../src/metrics/scores';
import { cellsImage } from './samples';
import type { ModelCard } from '../src/models/manifest';
import { compareMask, referenceProbOf } from './reference';
import { FIXTURE_MODEL, expect, pngSample, test, type StudioPage } from './fixtures';

/**
 * "Open model (.onnx)": a person's own ONNX U-Net runs in the normal pipeline, and a wrong model is refused with
 * a message while the selected model, the image and the result stay. The good model is the bundled fixture
 * copied under another name; the wrong ones are random bytes, a PNG, a truncated copy, and the single-Conv
 * models of e2e/fixtures/make_wrong_models.py (3 input channels, 2-class softmax, valid padding).
 */
const FIXTURE_ONNX = 'public/models/fixture-tiny-unet.onnx';
const WRONG = 'e2e/fixtures';

/** What the studio must make of a dynamic-size user model (models/userModel.ts USER_DEFAULTS), written out
 * here rather than imported, so the reference does not share a mistake with the code under test. */
const userCard = (file: string): ModelCard => ({
  id: 'user:my-tiny-unet', name: file, file, sha256: '', bytes: 0, description: '', license: '',
  architecture: { kind: 'unet', depth: 0, base: 0, skip: true, padding: 'same', outputCrop: 0, params: 0 },
  input: { channels: 1, tileMultiple: 16, normalization: { kind: 'percentile', low: 1, high: 99.8 }, name: 'input' },
  output: { kind: 'sigmoid-logit', name: 'logits' },
  tiling: { tile: 256, halo: 32, blend: 'gaussian', receptiveField: 0 },
  threshold: 0.5,
  training: { data: '', split: '', steps: 0, batch: '', augmentation: '', seed: 0, synthetic: false },
});

const openModel = (s: StudioPage, files: string | { name: string; mimeType: string; buffer: Buffer }) =>
  s.page.getByLabel('Open model (.onnx)').setInputFiles(files);
const modelSelect = (s: StudioPage) => s.page.getByLabel('Model', { exact: true });

test('own model: a user ONNX runs like a bundled one; wrong models are refused and nothing is lost', async ({ studioPage: s }) => {
  const dir = test.info().outputPath();
  const mine = join(dir, 'my-tiny-unet.onnx');
  copyFileSync(FIXTURE_ONNX, mine);
  const image = pngSample('cells-300x200.png', 300, 200);
  const ref = await referenceProbOf(image.buffer, image.name, userCard('my-tiny-unet.onnx'), dir);

  await s.openImage(image);
  await s.choose(FIXTURE_MODEL, 'WASM');

  // Refused before any own model: the bundled selection stays, no "Your models" group appears.
  await openModel(s, join(WRONG, 'three-channel.onnx'));
  await expect(s.alert()).toContainText('Cannot use "three-channel.onnx": This model expects 3 input channels; the studio runs single-channel models (N×1×H×W).');
  await expect(modelSelect(s)).toHaveValue(FIXTURE_MODEL);
  await expect(modelSelect(s).locator('optgroup')).toHaveCount(0);
  await s.page.getByRole('button', { name: 'Dismiss message' }).click();

  // The own model: listed under "Your models", selected, segmented on WASM with the default 256-px tiles.
  await openModel(s, mine);
  await expect(modelSelect(s)).toHaveValue('user:my-tiny-unet');
  await expect(modelSelect(s).locator('optgroup[label="Your models"] option')).toHaveText(['my-tiny-unet.onnx']);
  await expect(s.page.getByText('Your model (my-tiny-unet.onnx')).toBeVisible();
  await expect(s.badge()).toHaveText(/^WASM · \d+ threads?$/);
  await s.segmentAndWait();
  await expect(s.info('model')).toHaveText('my-tiny-unet.onnx');
  await expect(s.info('tiles')).toHaveText(/^4 × 256px \(halo 32\)/);
  await expect(s.info('backend')).toHaveText(/^WASM/);
  const { png } = await s.downloadMask();
  expect([png.width, png.height, png.channels]).toEqual([300, 200, 1]);
  const cmp = compareMask(png.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
  const foreground = await s.overlay().getAttribute('data-foreground');

  // Wrong models: each message names the file and the problem; model, image and result stay.
  const fixture = readFileSync(FIXTURE_ONNX);
  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
  const cases: [string | { name: string; mimeType: string; buffer: Buffer }, RegExp][] = [
    [{ name: 'random.onnx', mimeType: 'application/octet-stream', buffer: random }, /"random\.onnx": it is not an ONNX model that onnxruntime can read/],
    [{ name: 'picture.onnx', mimeType: 'application/octet-stream', buffer: image.buffer }, /"picture\.onnx": it is a PNG image, not an ONNX model/],
    [{ name: 'cut.onnx', mimeType: 'application/octet-stream', buffer: fixture.subarray(0, fixture.length >> 1) }, /"cut\.onnx": it is not an ONNX model that onnxruntime can read .*cut off/],
    [join(WRONG, 'three-channel.onnx'), /This model expects 3 input channels; the studio runs single-channel models \(N×1×H×W\)/],
    [join(WRONG, 'two-class.onnx'), /"two-class\.onnx": This model has 2 output channels \(a 2-class softmax head\?\); the studio runs models with one output channel of foreground logits/],
    [join(WRONG, 'rank3.onnx'), /"rank3\.onnx": the input "input" has rank 3 \[N, H, W\]; the studio runs rank-4 N×1×H×W inputs/],
    [join(WRONG, 'valid-padding.onnx'), /"valid-padding\.onnx": for a 256×256 input the output is 254×254: the output is cropped by 1 px on each side \(valid padding\)\. Valid-padding models are not supported yet/],
  ];
  for (const [file, message] of cases) {
    await openModel(s, file);
    await expect(s.alert()).toContainText(message);
    await expect(modelSelect(s)).toHaveValue('user:my-tiny-unet');
    await expect(modelSelect(s).locator('optgroup[label="Your models"] option')).toHaveCount(1);
    await expect(s.imageCanvas(image.name)).toBeVisible();
    await expect(s.overlay()).toHaveAttribute('data-foreground', foreground!);
    await expect(s.info('model')).toHaveText('my-tiny-unet.onnx');
    await s.page.getByRole('button', { name: 'Dismiss message' }).click();
    await expect(s.alert()).toHaveCount(0);
  }

  // Still usable: the own model runs again, and a bundled one can be chosen beside it.
  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText(/^4 × 256px/);
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText(/^\d+ × 64px/);
});

/**
 * The own model where the studio takes a model id: metrics against a ground-truth mask (IoU equal to the Node
 * reference's, scored by the same src/metrics code) and compare mode, own model (A) against the bundled fixture (B).
 */
test('own model: metrics with ground truth and compare mode', async ({ studioPage: s }) => {
  const dir = test.info().outputPath();
  copyFileSync(FIXTURE_ONNX, join(dir, 'my-tiny-unet.onnx'));
  const image = pngSample('cells-160x120.png', 160, 120, 3);
  const ref = await referenceProbOf(image.buffer, image.name, userCard('my-tiny-unet.onnx'), dir);
  // Ground truth: the blobs of the generated image (its own bright pixels), independent of any model.
  const gt = Uint8Array.from(cellsImage(160, 120, 3), (v) => (v > 0.45 ? 1 : 0));
  const want = scores(confusion(ref.prob, gt, ref.threshold));
  expect(want.iou, 'the reference overlaps the ground truth (a non-trivial IoU to match)').toBeGreaterThan(0);

  await s.openImage(image);
  await s.page.getByLabel('Open ground truth').setInputFiles({
    name: 'cells-160x120_mask.png', mimeType: 'image/png',
    buffer: Buffer.from(encodePng({ width: 160, height: 120, data: gt.map((v) => v * 255), channels: 1, depth: 8 })),
  });
  await expect(s.page.getByTestId('truth-summary')).toContainText('cells-160x120_mask.png: 160 × 120, binary');
  await s.page.getByLabel('Backend').selectOption({ label: 'WASM' });
  await openModel(s, join(dir, 'my-tiny-unet.onnx'));
  await expect(modelSelect(s)).toHaveValue('user:my-tiny-unet');
  await s.segmentAndWait();
  await expect.poll(async () => Number(await s.info('iou').textContent())).toBeCloseTo(want.iou, 3);
  await expect.poll(async () => Number(await s.info('dice').textContent())).toBeCloseTo(want.dice, 3);
  const iou = await s.info('iou').textContent();

  await s.page.getByRole('button', { name: 'Compare models' }).click();
  await s.page.getByLabel('Compare A').selectOption('user:my-tiny-unet');
  await s.page.getByLabel('Compare B').selectOption(FIXTURE_MODEL);
  await s.page.getByRole('button', { name: 'Run comparison' }).click();
  await expect(s.page.getByTestId('compare-status')).toHaveText('Comparison done', { timeout: 120_000 });
  const view = s.page.getByRole('region', { name: 'Comparison' });
  await expect(view.getByRole('figure', { name: 'Pane A' })).toContainText('my-tiny-unet.onnx');
  await expect(view.getByRole('img', { name: 'Pane A overlay' })).toHaveAttribute('data-foreground', /^[1-9]\d*$/);
  await expect(view.getByRole('img', { name: 'Pane B overlay' })).toHaveAttribute('data-foreground', /^[1-9]\d*$/);
  await expect(view.locator('tr[data-model="user:my-tiny-unet"] [data-field="compare-iou-a"]')).toHaveText(iou!);
});

/**
 * The normal backend choice applies to an own model (its check ran on WASM): WebGPU, on a one-tile image because
 * headless Chromium here has only SwiftShader. The mask matches the Node reference as on WASM.
 */
test('own model on WebGPU: the run uses WebGPU and matches the Node reference', async ({ studioPage: s }) => {
  const hasAdapter = await s.page.evaluate(async () => !!(await navigator.gpu?.requestAdapter()));
  test.skip(!hasAdapter, 'this browser has no WebGPU adapter (run with --enable-unsafe-webgpu)');
  const dir = test.info().outputPath();
  copyFileSync(FIXTURE_ONNX, join(dir, 'my-tiny-unet.onnx'));
  const image = pngSample('tiny-48x40.png', 48, 40, 11);
  const ref = await referenceProbOf(image.buffer, image.name, userCard('my-tiny-unet.onnx'), dir);
  await s.openImage(image);
  await openModel(s, join(dir, 'my-tiny-unet.onnx'));
  await s.page.getByLabel('Backend').selectOption({ label: 'WebGPU' });
  await expect(modelSelect(s)).toHaveValue('user:my-tiny-unet');
  await expect(s.badge()).toHaveText(/^WebGPU · /);
  await s.segmentAndWait(300_000);
  await expect(s.info('tiles')).toHaveText(/^1 × 112px \(halo 32\)/); // the 256 tile shrinks to the image: 48 + 2·32 → 112 (multiple of 16)
  await expect(s.info('backend')).toHaveText(/^WebGPU · /);
  const { png } = await s.downloadMask();
  const cmp = compareMask(png.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
});

/**
 * Tiling that follows the model. A dynamic-size model that takes only multiples of 32 (e2e/fixtures/pool32.onnx:
 * five 2× poolings, no skips): the probes find the multiple, so a small image's tile shrinks to a size the model
 * runs (48 + 2·32 → 128, not 112). A fixed 1×1×96×96 model (fixed96.onnx): 96-px tiles, one per run, and no
 * other tile size accepted.
 */
test('own model: tiling follows the model (multiple of 32 found by probing; fixed 96×96 input)', async ({ studioPage: s }) => {
  await s.openImage(pngSample('tiny-48x40.png', 48, 40, 11));
  await s.page.getByLabel('Backend').selectOption({ label: 'WASM' });
  await openModel(s, join(WRONG, 'pool32.onnx'));
  await expect(modelSelect(s)).toHaveValue('user:pool32');
  await expect(s.page.getByText('256-px tiles (multiples of 32), halo 32')).toBeVisible();
  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText(/^1 × 128px \(halo 32\)/);

  // A fixed 1×1×96×96 model: 96-px tiles whatever the image, one tile per session.run (N is fixed at 1).
  await s.openImage(pngSample('cells-200x150.png', 200, 150));
  await openModel(s, join(WRONG, 'fixed96.onnx'));
  await expect(modelSelect(s)).toHaveValue('user:fixed96');
  await expect(s.page.getByText('96-px tiles (fixed by the model), halo 24')).toBeVisible();
  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText(/^20 × 96px \(halo 24\)/);
  // Its tile cannot be changed: another size is refused before a run (a multiple of 96 would fail in ORT).
  await s.page.getByText('Advanced', { exact: true }).click();
  const tile = s.page.getByLabel('Tile size', { exact: true });
  await expect(tile).toHaveValue('96');
  await tile.fill('192');
  await expect(s.page.getByText('Tile size must be 96: this model\'s input is fixed at 96×96.')).toBeVisible();
  await expect(s.page.getByRole('button', { name: 'Segment' })).toBeDisabled();
  await tile.fill('96');
  await expect(s.page.getByRole('button', { name: 'Segment' })).toBeEnabled();
});

/** A bioimage.io model spec 0.5 rdf.yaml, hand-written: one channel, a dynamic 64 + k·16 input, scale_range. */
const rdf05 = (name: string, low: number, high: number, halo?: number) => `
format_version: 0.5.3
type: model
name: ${name}
description: The fixture U-Net packaged for bioimage.io.
license: MIT
authors: [{name: Test Author}]
cite: [{text: "Ronneberger et al. 2015", doi: 10.1007/978-3-319-24574-4_28}]
inputs:
  - id: input
    axes:
      - type: batch
      - {type: channel, channel_names: [raw]}
      - {type: space, id: y, size: {min: 64, step: 16}}
      - {type: space, id: x, size: {min: 64, step: 16}}
    preprocessing:
      - id: ensure_dtype
        kwargs: {dtype: float32}
      - id: scale_range
        kwargs: {axes: [y, x], min_percentile: ${low}, max_percentile: ${high}}
outputs:
  - id: logits
    axes:
      - type: batch
      - {type: channel, channel_names: [foreground]}
      - {type: space, id: y, size: {tensor_id: input, axis_id: y}${halo === undefined ? '' : `, halo: ${halo}`}}
      - {type: space, id: x, size: {tensor_id: input, axis_id: x}${halo === undefined ? '' : `, halo: ${halo}`}}
weights:
  onnx: {source: weights/tiny.onnx, opset_version: 17}
`;

const zipFile = (name: string, files: Record<string, Uint8Array>) =>
  ({ name, mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) });

/**
 * "Open model" with a bioimage.io package: a .zip built here (fflate in Node) with a hand-written 0.5 rdf.yaml and
 * the fixture's ONNX weights. The rdf's name is listed, and the mask equals the Node reference run with the card the
 * rdf implies: the default percentiles 1/99.8 first, a z-score (zero_mean_unit_variance), then 5/95 with halo 16 (a reference that differs from the first,
 * so the rdf's numbers are shown to be used). A zip without ONNX weights and one without rdf.yaml are refused with
 * their messages while the model, the image and the result stay.
 */
test('own model: a bioimage.io package (.zip with rdf.yaml + ONNX) runs with the rdf\'s normalisation', async ({ studioPage: s }) => {
  const dir = test.info().outputPath();
  copyFileSync(FIXTURE_ONNX, join(dir, 'tiny.onnx'));
  const onnx = new Uint8Array(readFileSync(FIXTURE_ONNX));
  const image = pngSample('cells-300x200.png', 300, 200);
  const card = (id: string, normalization: ModelCard['input']['normalization'], halo = 32): ModelCard => {
    const c = userCard('tiny.onnx');
    return { ...c, id, input: { ...c.input, normalization }, tiling: { ...c.tiling, halo } };
  };
  const refDefault = await referenceProbOf(image.buffer, image.name, card('user:tiny-bioimage', { kind: 'percentile', low: 1, high: 99.8 }), dir);
  const refOwn = await referenceProbOf(image.buffer, image.name, card('user:tiny-5-95', { kind: 'percentile', low: 5, high: 95 }, 16), dir);
  const refZ = await referenceProbOf(image.buffer, image.name, card('user:tiny-zscore', { kind: 'zscore', eps: 1e-6 }), dir);
  const differ = refDefault.prob.filter((p, i) => (p >= 0.5) !== (refOwn.prob[i] >= 0.5)).length;
  expect(differ, 'the two normalisations give different masks (else the second case proves nothing)').toBeGreaterThan(100);
  expect(refZ.prob.filter((p, i) => (p >= 0.5) !== (refDefault.prob[i] >= 0.5)).length, 'z-score differs from percentiles').toBeGreaterThan(100);

  await s.openImage(image);
  await s.choose(FIXTURE_MODEL, 'WASM');

  await openModel(s, zipFile('tiny-bioimage.zip', { 'rdf.yaml': strToU8(rdf05('Tiny U-Net (bioimage.io)', 1, 99.8)), 'weights/tiny.onnx': onnx }));
  await expect(modelSelect(s)).toHaveValue('user:tiny-bioimage');
  await expect(modelSelect(s).locator('optgroup[label="Your models"] option')).toHaveText(['Tiny U-Net (bioimage.io)']);
  const hint = s.page.getByText('The fixture U-Net packaged for bioimage.io. License: MIT. By Test Author; cite: Ronneberger et al. 2015, doi:10.1007/978-3-319-24574-4_28.');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('256-px tiles (multiples of 16), halo 32, percentile 1–99.8 (scale_range) normalisation');
  await s.segmentAndWait();
  await expect(s.info('model')).toHaveText('Tiny U-Net (bioimage.io)');
  await expect(s.info('tiles')).toHaveText(/^4 × 256px \(halo 32\)/);
  let cmp = compareMask((await s.downloadMask()).png.data, refDefault);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);

  // zero_mean_unit_variance: z-score per image (the rdf's eps).
  const zmuv = rdf05('Tiny z-score', 1, 99.8).replace(/- id: scale_range\n.*\n/, '- id: zero_mean_unit_variance\n        kwargs: {axes: [y, x], eps: 1.0e-6}\n');
  await openModel(s, zipFile('tiny-zscore.zip', { 'rdf.yaml': strToU8(zmuv), 'weights/tiny.onnx': onnx }));
  await expect(modelSelect(s)).toHaveValue('user:tiny-zscore');
  await expect(s.page.getByText(/z-score per image \(zero_mean_unit_variance\) normalisation/)).toBeVisible();
  await s.segmentAndWait();
  cmp = compareMask((await s.downloadMask()).png.data, refZ);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);

  // Other percentiles and a halo from the rdf: the mask follows them (it matches the 5/95 reference).
  await openModel(s, zipFile('tiny-5-95.zip', { 'pkg/rdf.yaml': strToU8(rdf05('Tiny 5-95', 5, 95, 16)), 'pkg/weights/tiny.onnx': onnx }));
  await expect(modelSelect(s)).toHaveValue('user:tiny-5-95');
  await expect(s.page.getByText(/halo 16, percentile 5–95 \(scale_range\) normalisation/)).toBeVisible();
  await s.segmentAndWait();
  await expect(s.info('tiles')).toHaveText(/^\d+ × 256px \(halo 16\)/);
  cmp = compareMask((await s.downloadMask()).png.data, refOwn);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
  const foreground = await s.overlay().getAttribute('data-foreground');

  const torchOnly = rdf05('Torch only', 1, 99.8).replace(/weights:\n.*\n$/, 'weights:\n  torchscript: {source: weights/model.pt}\n  pytorch_state_dict: {source: weights/model.pth}\n');
  const cases: [ReturnType<typeof zipFile>, string][] = [
    [zipFile('torch.zip', { 'rdf.yaml': strToU8(torchOnly), 'weights/model.pt': new Uint8Array(16) }),
      'Cannot use "torch.zip": this package has no ONNX weights (it has: torchscript, pytorch_state_dict).'],
    [zipFile('no-rdf.zip', { 'weights/tiny.onnx': onnx, 'README.md': strToU8('hello') }),
      'Cannot use "no-rdf.zip": it is a ZIP archive without rdf.yaml, so not a bioimage.io model package.'],
  ];
  for (const [file, message] of cases) {
    await openModel(s, file);
    await expect(s.alert()).toContainText(message);
    await expect(modelSelect(s)).toHaveValue('user:tiny-5-95');
    await expect(modelSelect(s).locator('optgroup[label="Your models"] option')).toHaveText(['Tiny U-Net (bioimage.io)', 'Tiny z-score', 'Tiny 5-95']);
    await expect(s.imageCanvas(image.name)).toBeVisible();
    await expect(s.overlay()).toHaveAttribute('data-foreground', foreground!);
    await expect(s.info('model')).toHaveText('Tiny 5-95');
    await s.page.getByRole('button', { name: 'Dismiss message' }).click();
    await expect(s.alert()).toHaveCount(0);
  }
});
