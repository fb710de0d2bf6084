import { FIXTURE_MODEL, expect, test } from './fixtures';

/** The "Open example" gallery opens a generated image that segments like a file. */
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
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  await expect(s.info('model')).toContainText('fixture');
});
