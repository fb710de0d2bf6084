import { expect, pngSample, test } from './fixtures';

/** Dropping a file anywhere on the viewer opens it, like "Open image". */
test('drop a PNG on the viewer', async ({ studioPage: s }) => {
  const file = pngSample('dropped.png', 80, 60);
  const dataTransfer = await s.page.evaluateHandle(({ name, bytes }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
    return dt;
  }, { name: file.name, bytes: Array.from(file.buffer) });
  const viewer = s.page.getByRole('region', { name: 'Image viewer' });
  await viewer.dispatchEvent('dragenter', { dataTransfer });
  await expect(viewer.getByText('Drop to open')).toBeVisible();
  await viewer.dispatchEvent('drop', { dataTransfer });
  await expect(s.imageCanvas(file.name)).toBeVisible();
  await expect(s.info('size')).toHaveText('80 × 60');
  await expect(viewer.getByText('Drop to open')).toHaveCount(0);
});
