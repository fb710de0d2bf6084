/**
 * The GPU-resident path beyond the mask (issues #7, #4): metrics counted by the confusion kernel on the run's
 * GPU probability map, and the fall-back to WASM when ORT's GPUDevice is lost (told to the page at once through the
 * worker's status channel, not at the next run), and the next run on WebGPU again (a fresh worker, a new
 * device). Small images only: headless
 * Chromium here has only SwiftShader (CPU emulation, ~100× slower than WASM). Skipped without a WebGPU adapter.
 */
import { encode as encodePng } from 'fast-png';
import { decodeImage } from '../src/io/decode';
import { benchInputs } from '../src/gpu/benchInputs';
import { confusion, type Confusion } from '../src/metrics/confusion';
import { compareMask, referenceProb } from './reference';
import { FIXTURE_MODEL, expect, pngSample, test, type SampleFile, type StudioPage } from './fixtures';
import { cellsImage } from './samples';

const skipWithoutAdapter = async (s: StudioPage) => {
  const hasAdapter = await s.page.evaluate(async () => !!(await navigator.gpu?.requestAdapter()));
  test.skip(!hasAdapter, 'this browser has no WebGPU adapter (run with --enable-unsafe-webgpu)');
};

/** Binary 0/255 mask of the generated cells (value > 0.45), and the same as 0/1 bytes for the Node side. */
function cellsMask(w: number, h: number, seed: number): { file: SampleFile; binary: Uint8Array } {
  const binary = Uint8Array.from(cellsImage(w, h, seed), (v) => (v > 0.45 ? 1 : 0));
  const png = encodePng({ width: w, height: h, data: binary.map((v) => v * 255), channels: 1, depth: 8 });
  return { file: { name: `cells-${w}x${h}-mask.png`, mimeType: 'image/png', buffer: Buffer.from(png) }, binary };
}

const COUNTS = ['tp', 'fp', 'fn', 'tn'] as const;

async function counts(s: StudioPage): Promise<Confusion> {
  const out = {} as Confusion;
  for (const k of COUNTS) out[k] = Number(await s.info(k).getAttribute('data-value'));
  return out;
}

const device = (s: StudioPage) => s.page.locator('[data-field="metrics-device"]');
const metricsThreshold = (s: StudioPage) => s.page.locator('[data-field="metrics-threshold"]');

/** The probabilities of the shown run, through the page's own "Probabilities (float TIFF)" export. */
async function downloadProb(s: StudioPage): Promise<Float32Array> {
  const [d] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: 'Probabilities (float TIFF)', exact: true }).click()]);
  const { readFileSync } = await import('node:fs');
  const bytes = new Uint8Array(readFileSync((await d.path())!));
  return (await decodeImage(bytes.buffer, 'prob.tif')).data;
}

test('WebGPU-resident metrics: confusion kernel counts equal the CPU counts of the same map and the WASM run', async ({ studioPage: s }) => {
  await skipWithoutAdapter(s);
  const [w, h, seed] = [96, 80, 5];
  const image = pngSample(`cells-${w}x${h}.png`, w, h, seed);
  const mask = cellsMask(w, h, seed);
  const ref = await referenceProb(image.buffer, image.name, FIXTURE_MODEL);
  const t0 = ref.threshold, t1 = 0.65;
  // Pixels whose reference probability lies this close to a threshold may flip between ORT builds.
  const near = (t: number) => ref.prob.reduce((n, p) => n + (Math.abs(p - t) < 1e-4 ? 1 : 0), 0);

  await s.openImage(image);
  await s.page.getByLabel('Open ground truth').setInputFiles(mask.file);
  await expect(s.page.getByTestId('truth-summary')).toContainText(`${mask.file.name}: ${w} × ${h}, binary`);

  // WASM: the CPU path and the TS reference counts, at two thresholds.
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  await expect(s.info('pipeline')).toHaveText(/^CPU/);
  await expect(metricsThreshold(s)).toHaveText(t0.toFixed(2));
  await expect(device(s)).toHaveAttribute('data-value', 'cpu');
  const wasm0 = await counts(s);
  await s.page.getByLabel('Threshold').fill(String(t1));
  await expect(metricsThreshold(s)).toHaveText(t1.toFixed(2));
  const wasm1 = await counts(s);
  expect(wasm1).not.toEqual(wasm0);
  await s.page.getByLabel('Threshold').fill(String(t0));
  await expect(metricsThreshold(s)).toHaveText(t0.toFixed(2));

  // WebGPU: GPU-resident run, counts by confusion.wgsl on the GPU map.
  await s.choose(FIXTURE_MODEL, 'WebGPU');
  const runTime = await s.info('run-time').textContent();
  await s.segment();
  await expect(s.status()).toContainText('Done', { timeout: 240_000 });
  await expect(s.info('run-time')).not.toHaveText(runTime!);
  await expect(s.info('backend')).toHaveText(/^WebGPU · /);
  await expect(s.info('pipeline')).toHaveText(/^GPU-resident/);
  await expect(s.info('tiles')).toHaveText(/^4 × 64px/);
  await expect(device(s)).toHaveAttribute('data-value', 'webgpu');
  const gpu0 = await counts(s);
  const prob = await downloadProb(s);
  // Exactly the CPU reference on the same probabilities: the kernel, the mask upload and the map agree.
  expect(gpu0).toEqual(confusion(prob, mask.binary, t0));
  // The WASM run's counts, up to pixels sitting on the threshold (none, usually).
  for (const k of COUNTS) expect(Math.abs(gpu0[k] - wasm0[k]), `${k} at ${t0}`).toBeLessThanOrEqual(near(t0));
  expect(compareMask(prob.map((p) => (p >= t0 ? 1 : 0)), ref).outsideTolerance).toBe(0);

  // A new threshold re-counts on the GPU without running the network.
  await s.page.getByLabel('Threshold').fill(String(t1));
  await expect(metricsThreshold(s)).toHaveText(t1.toFixed(2));
  await expect(device(s)).toHaveAttribute('data-value', 'webgpu');
  const gpu1 = await counts(s);
  expect(gpu1).toEqual(confusion(prob, mask.binary, t1));
  for (const k of COUNTS) expect(Math.abs(gpu1[k] - wasm1[k]), `${k} at ${t1}`).toBeLessThanOrEqual(near(t1));
  test.info().annotations.push({ type: 'counts', description: `WASM ${JSON.stringify(wasm0)} / WebGPU ${JSON.stringify(gpu0)} at ${t0}; near-threshold pixels ${near(t0)}` });
});

test('device lost: the page says so at once (notice, WASM badge) without a run; the next run gets WebGPU again', async ({ studioPage: s }) => {
  await skipWithoutAdapter(s);
  test.setTimeout(900_000); // two WebGPU session creations on SwiftShader
  const image = pngSample('tiny-48x40.png', 48, 40, 11);
  const ref = await referenceProb(image.buffer, image.name, FIXTURE_MODEL);
  await s.openImage(image);
  await s.choose(FIXTURE_MODEL, 'WebGPU');
  await s.segmentAndWait(150_000);
  await expect(s.info('pipeline')).toHaveText(/^GPU-resident/);
  await expect(s.badge()).toHaveText(/^WebGPU · /);
  const notice = s.page.getByRole('status', { name: 'GPU notice' });
  await expect(notice).toHaveCount(0);

  // Uncaptured WebGPU errors on ORT's device reach the page without a run: the first at once, a burst folded.
  await s.page.evaluate(() => (window as unknown as { __studioTest: { raiseGpuErrors(n: number): Promise<void> } }).__studioTest.raiseGpuErrors(3));
  await expect(notice).toHaveAttribute('data-kind', 'gpu-error');
  await expect(notice).toContainText(/^WebGPU reported an error: .+/);
  await expect(notice).toContainText('WebGPU reported an error (2 errors like it in the last seconds)', { timeout: 15_000 });

  const message = await s.page.evaluate(() => (window as unknown as { __studioTest: { loseDevice(): Promise<string> } }).__studioTest.loseDevice());
  expect(message).toBeTruthy();

  // Told at once, through the worker's status channel: no run was started for this.
  await expect(notice).toContainText(`The GPU device was lost (${message}). This run finishes on WASM (CPU); the next run asks for a new GPU device.`);
  await expect(s.badge()).toHaveText(/^WASM · /);
  await expect(s.badge()).toHaveAttribute('title', /WebGPU device lost/);
  const runTime = await s.info('run-time').textContent();
  await expect(s.status()).toContainText('Done');
  await expect(s.info('pipeline')).toHaveText(/^GPU-resident/); // the shown result is the WebGPU run's, kept
  await expect(s.imageCanvas(image.name)).toBeVisible();
  await expect(s.page.getByRole('alert')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(notice).toHaveCount(0);

  // The next run starts a fresh worker, whose ORT gets a new device: WebGPU and the GPU-resident path again.
  await s.segment();
  await expect(s.status()).toContainText('Done', { timeout: 240_000 });
  await expect(s.info('run-time')).not.toHaveText(runTime!);
  await expect(s.info('backend')).toHaveText(/^WebGPU · /);
  await expect(s.info('pipeline')).toHaveText(/^GPU-resident/);
  await expect(s.badge()).toHaveText(/^WebGPU · /);
  await expect(s.page.getByRole('alert')).toHaveCount(0);

  const { png } = await s.downloadMask();
  const cmp = compareMask(png.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
});

// fixme: on SwiftShader a device destroyed while ORT's WebGPU session is running never lets the run end (seen
// past 9 and 15 minutes), so this cannot pass here; the loss before a run (test above) and the CPU fallback of a
// failed WebGPU run (worker/run.ts) are covered. Re-enable where a hardware adapter runs the e2e.
test.fixme('device lost mid-run: that run ends on the CPU path with the notice; the next run is on WebGPU again', async ({ studioPage: s }) => {
  await skipWithoutAdapter(s);
  test.setTimeout(900_000); // two WebGPU session creations on SwiftShader
  const image = pngSample('cells-96x80.png', 96, 80, 4);
  const ref = await referenceProb(image.buffer, image.name, FIXTURE_MODEL);
  await s.openImage(image);
  await s.choose(FIXTURE_MODEL, 'WebGPU');
  await s.segment();
  await expect(s.status()).toContainText('Segmenting…', { timeout: 400_000 }); // the session (and ORT's device) exists
  const message = await s.page.evaluate(() => (window as unknown as { __studioTest: { loseDevice(): Promise<string> } }).__studioTest.loseDevice());
  await expect(s.status()).toContainText('Done', { timeout: 240_000 });
  const notice = s.page.getByRole('status', { name: 'GPU notice' });
  await expect(notice).toContainText(`The GPU device was lost (${message}). This run finishes on WASM (CPU)`);
  await expect(s.info('backend')).toHaveText(/^WASM · /);
  await expect(s.info('pipeline')).toHaveText(/^CPU/);
  await expect(s.info('backend-note')).toContainText(/WebGPU (device lost|run failed)/);
  await expect(s.page.getByRole('alert')).toHaveCount(0);
  let cmp = compareMask((await s.downloadMask()).png.data, ref);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);

  const runTime = await s.info('run-time').textContent();
  await s.segment();
  await expect(s.status()).toContainText('Done', { timeout: 240_000 });
  await expect(s.info('run-time')).not.toHaveText(runTime!);
  await expect(s.info('backend')).toHaveText(/^WebGPU · /);
  await expect(s.info('pipeline')).toHaveText(/^GPU-resident/);
  cmp = compareMask((await s.downloadMask()).png.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
});

interface TestHooks {
  benchMetrics(size: number, repeats?: number): Promise<{ size: number; ms: number[]; medianMs: number; counts: Confusion; device: string }>;
}

test('bench hook: benchMetrics times the confusion kernel, its counts equal the CPU reference; no hooks without ?fixtures=1', async ({ studioPage: s }) => {
  await skipWithoutAdapter(s);
  const r = await s.page.evaluate(() => (window as unknown as { __studioTest: TestHooks }).__studioTest.benchMetrics(512, 3));
  const { prob, mask } = benchInputs(512, 1);
  expect(r.counts).toEqual(confusion(prob, mask, 0.5));
  expect(r.ms).toHaveLength(3);
  expect(r.medianMs).toBeGreaterThan(0);
  test.info().annotations.push({ type: 'confusion kernel 512²', description: `median ${r.medianMs.toFixed(2)} ms on the ${r.device} device` });

  await s.goto('');
  expect(await s.page.evaluate(() => typeof (window as unknown as { __studioTest?: unknown }).__studioTest)).toBe('undefined');
});
