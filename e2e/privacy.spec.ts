import { writeFileSync } from 'node:fs';
import type { Request } from '@playwright/test';
import { FIXTURE_MODEL, StudioPage, expect, pngSample, test } from './fixtures';

/**
 * "Nothing is uploaded": every request of a whole session (page load, service-worker precache, opening a PNG and
 * an example, a WASM run, re-thresholding, the mask download), from the page, its workers and the service
 * worker, goes to the studio's own origin, is a GET without a body, and carries no data in its URL (the only
 * query strings are the studio's own `?fixtures=1` and Workbox's `__WB_REVISION__`). No WebSocket is opened.
 */
test('a full session only GETs its own files from its own origin; no request carries a body', async ({ page, context, baseURL }) => {
  // Recording starts before the first navigation (plain `page`, not the `studioPage` fixture, which loads it).
  const requests: Request[] = [];
  const sockets: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r));
  page.on('websocket', (ws) => sockets.push(ws.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  const s = new StudioPage(page);
  await s.goto();

  await expect(page.getByRole('status').filter({ hasText: 'Ready offline' })).toBeVisible({ timeout: 90_000 });
  const file = pngSample('private-cells.png', 120, 90, 5);
  await s.openImage(file);
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  await page.getByLabel('Threshold').fill('0.7');
  const { download, png } = await s.downloadMask();
  expect(download.suggestedFilename()).toBe('private-cells_mask.png');
  expect([png.width, png.height]).toEqual([120, 90]);

  await page.getByRole('button', { name: 'Open example' }).click();
  const item = page.getByRole('menuitem').first();
  const name = (await item.textContent())!.trim();
  await item.click();
  await expect(s.info('file')).toHaveText(name);
  await s.segmentAndWait();

  const own = new URL(baseURL!).origin;
  const rows = requests.map((r) => {
    const u = new URL(r.url());
    return {
      url: r.url(),
      origin: u.protocol === 'blob:' ? new URL(u.pathname).origin : u.origin,
      protocol: u.protocol,
      search: u.search,
      method: r.method(),
      body: r.postDataBuffer()?.length ?? 0,
      from: r.serviceWorker() ? 'service worker' : 'page or worker',
    };
  });
  test.info().annotations.push({ type: 'requests', description: String(rows.length) });
  writeFileSync(test.info().outputPath('requests.json'), JSON.stringify(rows, null, 1));

  // The recording saw the traffic that matters: the page, the worker's model fetch, the service worker's precache.
  expect(rows.some((r) => r.url.endsWith(`/models/${FIXTURE_MODEL}.onnx`))).toBe(true);
  expect(rows.some((r) => /\.wasm$/.test(r.url))).toBe(true);
  expect(rows.some((r) => r.from === 'service worker')).toBe(true);

  const local = (r: (typeof rows)[number]) => r.protocol === 'data:';
  expect(rows.filter((r) => !local(r) && r.origin !== own).map((r) => r.url), 'requests to other origins').toEqual([]);
  expect(rows.filter((r) => !['http:', 'https:', 'blob:', 'data:'].includes(r.protocol)).map((r) => r.url)).toEqual([]);
  expect(rows.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`), 'non-GET requests').toEqual([]);
  expect(rows.filter((r) => r.body > 0).map((r) => r.url), 'requests with a body').toEqual([]);
  expect(rows.filter((r) => r.search && !/^\?(fixtures=1|__WB_REVISION__=[0-9a-f]+)$/.test(r.search)).map((r) => r.url),
    'query strings other than ?fixtures=1 / __WB_REVISION__').toEqual([]);
  // Anything inline stays inside the browser, but keep it small: no image travels as a data: URL request either.
  expect(rows.filter((r) => local(r) && r.url.length > 4096).map((r) => r.url.slice(0, 80))).toEqual([]);
  expect(sockets, 'WebSockets').toEqual([]);
  expect(errors, 'uncaught errors in the page').toEqual([]);
});
