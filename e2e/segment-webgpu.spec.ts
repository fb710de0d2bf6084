import { compareMask, referenceProb } from './reference';
import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';

/**
 * WebGPU path on a one-tile image (48×40): headless Chromium here has only SwiftShader, a CPU emulation about
 * 100× slower than WASM. The badge must say WebGPU and flag the software adapter; the mask must match the
 * onnxruntime-node reference (differences allowed only within 1e-3 of the threshold).
 */
test('WebGPU: tiny PNG → segment → mask matches the Node reference', async ({ studioPage: s }) => {
  const hasAdapter = await s.page.evaluate(async () => !!(await navigator.gpu?.requestAdapter()));
  test.skip(!hasAdapter, 'this browser has no WebGPU adapter (run with --enable-unsafe-webgpu)');

  const file = pngSample('tiny-48x40.png', 48, 40, 11);
  const ref = await referenceProb(file.buffer, file.name, FIXTURE_MODEL);
  await s.openImage(file);
  await s.choose(FIXTURE_MODEL, 'WebGPU');
  await expect(s.badge()).toHaveText(/^WebGPU · /);
  const software = /software adapter — slow; CPU emulation/;
  const isSoftware = software.test((await s.badge().textContent()) ?? '');
  if (isSoftware) await expect(s.badge()).toHaveText(/^WebGPU · .*SwiftShader|llvmpipe|fallback/i);

  await s.segmentAndWait(150_000);
  await expect(s.info('tiles')).toHaveText(/^1 × 64px/);
  // The run really used WebGPU (no silent WASM fallback).
  await expect(s.info('backend')).toHaveText(/^WebGPU · /);
  // …and the GPU-resident path: tiles, blend and probability map on ORT's device, one readback.
  await expect(s.info('pipeline')).toHaveText(/^GPU-resident/);
  await expect(s.badge()).toHaveText(/^WebGPU · /);
  if (isSoftware) await expect(s.badge()).toHaveText(software);

  const { png } = await s.downloadMask();
  expect([png.width, png.height]).toEqual([48, 40]);
  const cmp = compareMask(png.data, ref);
  expect(cmp.foreground).toBeGreaterThan(0);
  expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
});
