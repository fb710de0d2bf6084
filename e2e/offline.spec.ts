import { cpSync, type Dirent, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, chromiumPath } from '../playwright.config';
import { contentSecurityPolicy, securityHeaders } from '../vite.config';
import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';

/**
 * The production build as an offline PWA (vite-plugin-pwa / Workbox, registerType 'prompt'):
 * - online, the service worker precaches the shell, onnxruntime-web's .mjs + .wasm and every model (revision =
 *   the card's sha256) and the header says "Ready offline"; then, with the network off, a reload is served from
 *   the precache, still cross-origin isolated (page and worker: WASM runs multi-threaded), and the fixture model
 *   segments a PNG;
 * - the web app manifest makes it installable;
 * - a new deployment's service worker waits and offers "Reload", which activates it and reloads the page; a
 *   model whose card changed is replaced in the precache.
 */
const cards = (JSON.parse(readFileSync('public/models/models.json', 'utf8')) as { models: { file: string; sha256: string }[] }).models;

const readyOffline = (page: Page) => page.getByRole('status').filter({ hasText: 'Ready offline' });

/** URLs (path + query) in Workbox's precache and the headers of the cached index.html. */
async function precache(page: Page) {
  return page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.startsWith('workbox-precache'));
    if (!name) return { name: null, urls: [] as string[], indexHeaders: {} as Record<string, string> };
    const cache = await caches.open(name);
    const urls = (await cache.keys()).map((r) => { const u = new URL(r.url); return u.pathname + u.search; });
    const index = await cache.match(urls.find((u) => u.startsWith('/index.html'))!);
    return { name, urls, indexHeaders: Object.fromEntries(index ? [...index.headers] : []) };
  });
}

test('offline: precached build reloads without network, stays cross-origin isolated and segments on WASM', async ({ studioPage: s, context }) => {
  const { page } = s;
  const t0 = Date.now();
  await expect(readyOffline(page)).toBeVisible({ timeout: 90_000 });
  test.info().annotations.push({ type: 'ready-offline-ms', description: String(Date.now() - t0) });

  const pc = await precache(page);
  expect(pc.name).toBeTruthy();
  expect(pc.urls.some((u) => u.startsWith('/manifest.webmanifest'))).toBe(true);
  expect(pc.urls.some((u) => /^\/assets\/ort-wasm-simd-threaded\.[\w.-]*\.wasm$/.test(u))).toBe(true);
  expect(pc.urls.some((u) => /^\/assets\/ort-wasm-simd-threaded\.[\w.-]*\.mjs$/.test(u))).toBe(true);
  expect(pc.urls.some((u) => /^\/assets\/segment\.worker-[\w-]+\.js$/.test(u))).toBe(true);
  expect(pc.urls.some((u) => u.startsWith('/models/models.json'))).toBe(true);
  for (const c of cards) expect(pc.urls).toContain(`/models/${c.file}?__WB_REVISION__=${c.sha256}`);
  // Every file of the build is precached, except the service worker's own scripts.
  const paths = new Set(pc.urls.map((u) => u.split('?')[0]));
  const built = (readdirSync('dist', { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => `/${relative('dist', join(d.parentPath, d.name)).split(sep).join('/')}`)
    .filter((p) => !/^\/(sw|workbox-[\w-]+)\.js$/.test(p));
  expect(built.filter((p) => !paths.has(p)), 'built files missing from the precache').toEqual([]);
  // Cache Storage keeps the server's isolation headers with the cached document.
  expect(pc.indexHeaders['cross-origin-opener-policy']).toBe('same-origin');
  expect(pc.indexHeaders['cross-origin-embedder-policy']).toBe('require-corp');
  expect(pc.indexHeaders['content-security-policy']).toBe(contentSecurityPolicy); // served offline too

  // Network off. Anything the page, its workers or the service worker still asked the network for would fail.
  const failed: string[] = [];
  context.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  const notFromSw: string[] = [];
  context.on('response', (r) => { if (!r.fromServiceWorker() && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) notFromSw.push(r.url()); });
  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Segmentation Studio' })).toBeVisible();
  await expect(page.getByLabel('Model', { exact: true })).not.toHaveValue('');
  const env = await page.evaluate(() => ({
    controlled: !!navigator.serviceWorker.controller,
    isolated: self.crossOriginIsolated,
    sab: typeof SharedArrayBuffer === 'function',
    cores: navigator.hardwareConcurrency,
  }));
  expect(env.controlled, 'page served by the service worker').toBe(true);
  expect(env.isolated, 'crossOriginIsolated after the offline reload').toBe(true);
  expect(env.sab).toBe(true);
  await expect(readyOffline(page)).toBeVisible();

  const file = pngSample('offline-cells.png', 160, 120, 11);
  await s.openImage(file);
  await s.choose(FIXTURE_MODEL, 'WASM');
  // The worker is cross-origin isolated too: ORT gets one thread per core (1 if it were not).
  const threads = Math.max(1, Math.min(16, env.cores));
  await expect(s.badge()).toHaveText(`WASM · ${threads} thread${threads === 1 ? '' : 's'}`);
  await s.segmentAndWait();
  await expect(s.info('backend')).toHaveText(/^WASM/);
  expect(Number(await s.overlay().getAttribute('data-foreground'))).toBeGreaterThan(0);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await page.screenshot({ path: test.info().outputPath('offline-segmented.png') });

  expect(failed, 'requests that tried the network while offline').toEqual([]);
  expect(notFromSw, 'responses not served by the service worker while offline').toEqual([]);
  await context.setOffline(false);
});

/**
 * Installability as Chromium judges it (DevTools' Page.getInstallabilityErrors). Playwright's contexts are
 * incognito, for which Chromium only answers "in-incognito", so this test uses a persistent profile.
 */
test('installable: manifest with name, icons (192, 512, maskable) and theme colour; Chromium reports no installability error', async ({ baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), 'studio-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/?fixtures=1');
    await expect(readyOffline(page)).toBeVisible({ timeout: 90_000 });
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const m = JSON.parse(manifest.data!) as { name: string; short_name: string; theme_color: string; display: string; icons: { src: string; sizes: string; purpose?: string }[] };
    expect(m).toMatchObject({ name: 'Segmentation Studio', short_name: expect.any(String), theme_color: '#1d2630', display: 'standalone' });
    expect(m.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of m.icons) {
      const res = await page.request.get(new URL(icon.src, page.url()).href);
      expect(res.headers()['content-type']).toBe('image/png');
      const png = await res.body();
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes); // IHDR width × height
    }
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

/**
 * A second `vite preview` (on its own port, so its own service worker and caches) of a copy of dist/, which the
 * test then "redeploys": sw.js gets a new model revision, as a build does when a card's sha256 changes.
 */
test('update: a new deployment waits until "Reload"; the changed model entry replaces the old one', async ({ studioPage: s }) => {
  const { page } = s;
  const dir = mkdtempSync(join(tmpdir(), 'studio-deploy-'));
  cpSync('dist', dir, { recursive: true });
  const server = await preview({
    configFile: false,
    logLevel: 'silent',
    build: { outDir: dir },
    preview: { port: 4183, strictPort: false, headers: securityHeaders },
  });
  try {
    const origin = server.resolvedUrls!.local[0].replace(/\/$/, '');
    await page.goto(`${origin}/?fixtures=1`);
    await expect(readyOffline(page)).toBeVisible({ timeout: 90_000 });
    // No clientsClaim: the first page is not controlled; after a reload it is.
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const update = page.getByRole('region', { name: 'Update available' });
    await expect(readyOffline(page)).toBeVisible();
    await expect(update).toHaveCount(0);

    const card = cards.find((c) => c.file === `${FIXTURE_MODEL}.onnx`)!;
    const newRevision = [...card.sha256].reverse().join('');
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    expect(sw).toContain(`revision:"${card.sha256}"`);
    writeFileSync(join(dir, 'sw.js'), sw.replace(`revision:"${card.sha256}"`, `revision:"${newRevision}"`));

    // The next visit finds the new sw.js; it installs (fetching only what changed) and waits.
    await page.reload();
    await expect(update).toBeVisible({ timeout: 60_000 });
    await expect(update).toContainText('New version available');
    await page.screenshot({ path: test.info().outputPath('update-available.png') });
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(true);
    await expect(readyOffline(page)).toBeVisible(); // the old worker still serves everything

    const reloaded = page.waitForEvent('load');
    await update.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await expect(page.getByRole('heading', { name: 'Segmentation Studio' })).toBeVisible();
    await expect(readyOffline(page)).toBeVisible();
    await expect(update).toHaveCount(0);
    const reg = await page.evaluate(async () => {
      const r = (await navigator.serviceWorker.getRegistration())!;
      return { waiting: !!r.waiting, active: r.active?.state, controlled: !!navigator.serviceWorker.controller, isolated: self.crossOriginIsolated };
    });
    expect(reg).toEqual({ waiting: false, active: 'activated', controlled: true, isolated: true });
    const { urls } = await precache(page);
    expect(urls).toContain(`/models/${card.file}?__WB_REVISION__=${newRevision}`);
    expect(urls).not.toContain(`/models/${card.file}?__WB_REVISION__=${card.sha256}`);
  } finally {
    await page.goto('about:blank');
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
