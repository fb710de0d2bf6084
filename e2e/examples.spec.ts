import { FIXTURE_MODEL, expect, test } from './fixtures';

/**
 * The "Open example" gallery opens a generated image that segments like a file, on the Auto backend: WebGPU on
 * a hardware adapter, WASM when there is none or only a software one (SwiftShader here).
 */
test('open example → segment', async ({ studioPage: s }) => {
  await s.page.getByRole('button', { name: 'Open example' }).click();
  const items = s.page.getByRole('menuitem');
  await expect(items.first()).toBeVisible();
  // The smallest example keeps the run short.
  const small = items.filter({ hasText: /small|96/i });
  const item = (await small.count()) ? small.first() : items.first();
  const name = (await item.textContent())!.trim();
  await item.click();
  await expect(s.info('file')).toHaveText(name);
  await expect(s.imageCanvas(name)).toBeVisible();
  await s.choose(FIXTURE_MODEL, 'Auto');
  const hardware = await s.page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return !!a && !(a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  });
  await s.segmentAndWait();
  await expect(s.info('model')).toContainText('fixture');
  await expect(s.info('backend')).toHaveText(hardware ? /^WebGPU · / : /^WASM · /);
  await expect(s.badge()).toHaveText(hardware ? /^WebGPU · / : /^WASM · /);
});
