/**
 * Content-Security-Policy (issue #17): `npm start` (vite preview) sends the policy of vite.config.ts on every
 * response and the built index.html carries the meta copy; a full session under it — WASM and WebGPU runs,
 * ground truth, compare mode with the Otsu baseline, an own ONNX model and a bioimage.io zip, an offline
 * reload that segments again — raises no CSP violation in the page or its workers. The watcher is shown to
 * work first: an inline script added to the page is refused and recorded.
 */
import { strToU8, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { encode as encodePng } from 'fast-png';
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../vite.config';
import { FIXTURE_MODEL, StudioPage, expect, pngSample, test } from './fixtures';
import { cellsImage } from './samples';

/** Records CSP violations: the page's `securitypolicyviolation` events and CSP console messages of the page and
 * of every worker it starts (a worker's violations are not events of the page's document). */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  const csp = /Content Security Policy|Content-Security-Policy|Refused to/i;
  page.on('console', (m) => { if (csp.test(m.text())) seen.push(`console: ${m.text()}`); });
  page.on('worker', (w) => w.on('console', (m) => { if (csp.test(m.text())) seen.push(`worker ${w.url()}: ${m.text()}`); }));
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(`event: ${v}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
    (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)));
  return seen;
}

/** Add an inline <script>; true when it ran (it must not: no 'unsafe-inline'). */
const injectInlineScript = (page: Page) => page.evaluate(() => {
  const el = document.createElement('script');
  el.textContent = 'window.__inlineRan = true';
  document.head.append(el);
  return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
});

const readyOffline = (page: Page) => page.getByRole('status').filter({ hasText: 'Ready offline' });

function mask(w: number, h: number, seed: number) {
  const data = Uint8Array.from(cellsImage(w, h, seed), (v) => (v > 0.45 ? 255 : 0));
  return { name: `mask-${w}x${h}.png`, mimeType: 'image/png', buffer: Buffer.from(encodePng({ width: w, height: h, data, channels: 1, depth: 8 })) };
}

const rdf = `
type: model
format_version: 0.5.3
name: CSP zip model
description: The fixture U-Net packaged for bioimage.io.
authors: [{name: Test Author}]
cite: [{text: Ronneberger et al. 2015, doi: 10.1007/978-3-319-24574-4_28}]
license: MIT
documentation: README.md
inputs:
  - id: input
    axes:
      - {type: batch}
      - {type: channel, channel_names: [raw]}
      - {id: y, type: space, size: {min: 64, step: 16}}
      - {id: x, type: space, size: {min: 64, step: 16}}
    preprocessing:
      - id: scale_range
        kwargs: {axes: [y, x], min_percentile: 1, max_percentile: 99.8}
outputs:
  - id: logits
    axes:
      - {type: batch}
      - {type: channel, channel_names: [fg]}
      - {id: y, type: space, size: {tensor_id: input, axis_id: y}}
      - {id: x, type: space, size: {tensor_id: input, axis_id: x}}
weights:
  onnx: {source: weights/tiny.onnx, opset_version: 17}
`;

async function segmentDone(s: StudioPage, timeout = 120_000) {
  const rt = s.info('run-time');
  const before = (await rt.count()) ? await rt.textContent() : null;
  await s.segment();
  await expect(s.status()).toContainText('Done', { timeout });
  if (before) await expect(s.info('run-time')).not.toHaveText(before);
}

test('CSP: the header is on every response of npm start and the meta copy in index.html', async ({ page, request }) => {
  for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest', '/models/models.json']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-security-policy'], path).toBe(contentSecurityPolicy);
    expect(res.headers()['cross-origin-embedder-policy'], path).toBe('require-corp');
  }
  expect(contentSecurityPolicy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  expect(contentSecurityPolicy).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  const html = await (await request.get('/')).text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1].replaceAll('&#39;', "'");
  expect(meta).toBe(metaContentSecurityPolicy);
  expect(meta).not.toContain('frame-ancestors'); // ignored in a meta policy; only the header can say it

  // The watcher sees a violation when there is one: an inline script is refused.
  const seen = await watchCsp(page);
  await page.goto('/?fixtures=1');
  expect(await injectInlineScript(page)).toBe(false);
  await expect.poll(() => seen.join('\n')).toMatch(/event: script-src-elem blocked inline|console: Executing inline script violates/);
});

test('CSP: a full session (WASM, WebGPU, ground truth, compare, own model, bioimage.io zip, offline reload) raises no violation', async ({ page, context }) => {
  test.setTimeout(1_200_000); // a whole session; the machine is shared
  const seen = await watchCsp(page);
  const s = new StudioPage(page);
  await s.goto();

  // WASM run with a ground truth.
  const [w, h, seed] = [96, 80, 5];
  const image = pngSample(`cells-${w}x${h}.png`, w, h, seed);
  await s.openImage(image);
  await page.getByLabel('Open ground truth').setInputFiles(mask(w, h, seed));
  await expect(page.getByTestId('truth-summary')).toContainText(`${w} × ${h}, binary`);
  await s.choose(FIXTURE_MODEL, 'WASM');
  await segmentDone(s, 400_000);
  await expect(s.info('backend')).toHaveText(/^WASM · \d+ threads?/);
  await expect(page.locator('[data-field="iou"]')).toHaveText(/\d\.\d+/);

  // Own model (bare .onnx) and a bioimage.io zip of the same weights.
  const onnx = readFileSync('public/models/fixture-tiny-unet.onnx');
  await page.getByLabel('Open model (.onnx)').setInputFiles({ name: 'mine.onnx', mimeType: 'application/octet-stream', buffer: onnx });
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('user:mine');
  await segmentDone(s);
  const zip = Buffer.from(zipSync({ 'rdf.yaml': strToU8(rdf), 'weights/tiny.onnx': new Uint8Array(onnx) }));
  await page.getByLabel('Open model (.onnx)').setInputFiles({ name: 'csp.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByLabel('Model', { exact: true }).locator('optgroup[label="Your models"] option')).toHaveCount(2);
  await segmentDone(s);
  await expect(s.info('model')).toHaveText('CSP zip model');

  // Compare: the fixture vs the own model, with the Otsu baseline.
  await page.getByRole('button', { name: 'Compare models' }).click();
  await page.getByLabel('Compare A').selectOption(FIXTURE_MODEL);
  await page.getByLabel('Compare B').selectOption('user:mine');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  await expect(page.getByTestId('compare-status')).toHaveText('Comparison done', { timeout: 120_000 });
  await expect(page.getByRole('img', { name: 'Baseline overlay' })).toBeVisible();
  await page.getByRole('button', { name: 'Compare models' }).click().catch(() => undefined);

  // WebGPU on a one-tile image (SwiftShader here), when the browser has an adapter.
  if (await page.evaluate(async () => !!(await navigator.gpu?.requestAdapter()))) {
    await s.openImage(pngSample('tiny-48x40.png', 48, 40, 11));
    await s.choose(FIXTURE_MODEL, 'WebGPU');
    await segmentDone(s, 240_000);
    await expect(s.info('backend')).toHaveText(/^WebGPU · /);
  } else test.info().annotations.push({ type: 'webgpu', description: 'no adapter: WebGPU part skipped' });

  // Offline reload, served by the service worker under the same policy, and a run.
  await expect(readyOffline(page)).toBeVisible({ timeout: 120_000 });
  await page.reload(); // the first load is not controlled (no clientsClaim)
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Model', { exact: true })).not.toHaveValue('');
  expect(await page.evaluate(() => ({ controlled: !!navigator.serviceWorker.controller, isolated: self.crossOriginIsolated }))).toEqual({ controlled: true, isolated: true });
  await s.openImage(image);
  await s.choose(FIXTURE_MODEL, 'WASM');
  await segmentDone(s);
  const session = [...seen], problems = [...s.problems];
  // The offline document is the cached one, with its CSP: an inline script is refused there too, and seen.
  expect(await injectInlineScript(page)).toBe(false);
  await expect.poll(() => seen.length).toBeGreaterThan(session.length);
  await context.setOffline(false);
  expect(session, 'CSP violations during the session').toEqual([]);
  // A missing file (404) is not this test's business; anything else logged as an error is.
  expect(problems.filter((p) => !/Failed to load resource: the server responded with a status of 404/.test(p)), 'page errors during the session').toEqual([]);
});
