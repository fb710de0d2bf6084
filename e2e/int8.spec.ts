/**
 * The int8 model (em-unet-int8, operator form: QLinearConv) in the page: a 320×240 crop of ISBI 2012 slice 22
 * segmented on WASM matches onnxruntime-node + the same tiling code (e2e/reference.ts; differences only within
 * 1e-3 of the threshold), and choosing WebGPU runs it on WASM anyway, with a note that says why (the WebGPU EP
 * has no QLinearConv) and the same mask. The header badge says WASM as soon as the int8 card is selected with
 * WebGPU chosen, before any run. Skipped when the card or the data are missing.
 */
import { decode, encode } from 'fast-png';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../src/cli/nodeSession';
import { dataRoot } from '../src/io/testBytes';
import { compareMask, referenceProb } from './reference';
import { expect, test, type SampleFile } from './fixtures';

const ID = 'em-unet-int8';
const slice = join(dataRoot(), 'isbi2012_em', 'images', '22.png');

/** A w×h crop at (x0, y0) of an 8-bit grey PNG, re-encoded as PNG (generated per run, never committed). */
function emCrop(x0: number, y0: number, w: number, h: number): SampleFile {
  const img = decode(readFileSync(slice));
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = img.data[(y0 + y) * img.width + x0 + x];
  return { name: 'em22-crop.png', mimeType: 'image/png', buffer: Buffer.from(encode({ width: w, height: h, data, channels: 1, depth: 8 })) };
}

test('em-unet-int8: EM crop → WASM mask matches the Node reference; WebGPU chosen → runs on WASM with a note', async ({ studioPage: s }) => {
  const card = loadManifest().models.find((m) => m.id === ID);
  test.skip(!card, `no ${ID} in public/models/models.json`);
  test.skip(!existsSync(slice), `ISBI 2012 slice 22 not found at ${slice} (set SEGSTUDIO_DATA)`);
  test.setTimeout(300_000);
  const file = emCrop(96, 160, 320, 240);
  const ref = await referenceProb(file.buffer, file.name, ID);

  await s.goto('');
  const label = await s.page.getByLabel('Model', { exact: true }).locator(`option[value="${ID}"]`).textContent();
  expect(label).toBe(card!.name);
  expect(label).toMatch(/int8 \(CPU\)$/);

  // Before any run: the badge follows the selected model (session.ts backendFor), not only the backend choice.
  // With WebGPU chosen for the fp32 em-unet the badge says WebGPU; selecting the int8 card alone turns it to WASM.
  const hasAdapter = await s.page.evaluate(async () => !!(await navigator.gpu?.requestAdapter()));
  await s.choose('em-unet', 'WebGPU');
  await expect(s.badge()).toHaveText(hasAdapter ? /^WebGPU · / : /^WASM · /);
  await s.page.getByLabel('Model', { exact: true }).selectOption(ID);
  await expect(s.badge()).toHaveText(/^WASM · /);
  if (hasAdapter) await expect(s.badge()).toHaveAttribute('title', `WebGPU chosen, but ${ID} is an int8 model (QLinearConv), which WebGPU cannot run: using WASM`);
  await s.openImage(file);
  await s.choose(ID, 'WASM');
  await s.segmentAndWait(240_000);
  await expect(s.info('model')).toHaveText(card!.name);
  await expect(s.info('backend')).toHaveText(/^WASM/);
  const wasm = (await s.downloadMask()).png;
  const cmp = compareMask(wasm.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0.3 * cmp.pixels); // cell interiors: a real segmentation, not an empty mask
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);

  await s.choose(ID, 'WebGPU');
  await s.segmentAndWait(240_000);
  await expect(s.info('backend')).toHaveText(/^WASM/);
  await expect(s.info('backend-note')).toContainText(`${ID} is an int8 model (QLinearConv), which WebGPU cannot run: using WASM`);
  const again = (await s.downloadMask()).png;
  expect(Buffer.from(again.data).equals(Buffer.from(wasm.data))).toBe(true);
});
