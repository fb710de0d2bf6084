import { expect, test } from './fixtures';
test('prof', async ({ studioPage: s }) => {
  s.page.on('console', (m) => m.text().includes('PYRAMID') && console.log(m.text()));
  await s.goto();
  const t0 = Date.now();
  await s.page.getByLabel('Open image').setInputFiles('/tmp/lv/big.tif');
  const canvas = s.imageCanvas('big.tif');
  await expect(canvas).toBeVisible({ timeout: 60_000 });
  console.log('visible', Date.now() - t0, 'open-ms', await canvas.getAttribute('data-open-ms'));
  const st = s.page.locator('.large-building');
  for (let i = 0; i < 200; i++) {
    const f = await canvas.getAttribute('data-first-draw-ms');
    if (f) { console.log('first', f); break; }
    console.log(Date.now() - t0, await st.textContent().catch(() => '-'));
    await s.page.waitForTimeout(1000);
  }
});
