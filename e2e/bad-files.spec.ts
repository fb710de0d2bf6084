import { expect, pngSample, test, tiffSample } from './fixtures';

/**
 * Bad files give a clear message in the alert banner, and the image that was open stays open (and can still
 * be segmented): an empty file, random bytes named .txt, a TIFF cut in half.
 */
test('bad files: clear messages, previous image kept', async ({ studioPage: s }) => {
  const good = pngSample('good.png', 64, 48);
  await s.openImage(good);

  const truncated = tiffSample('cut.tif', 120, 90);
  const random = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 251));
  const cases = [
    { file: { name: 'empty.tif', mimeType: 'image/tiff', buffer: Buffer.alloc(0) }, message: /empty/i },
    { file: { name: 'notes.txt', mimeType: 'text/plain', buffer: random }, message: /not a supported image.*PNG, JPEG, TIFF/i },
    { file: { ...truncated, buffer: truncated.buffer.subarray(0, truncated.buffer.length >> 1) }, message: /cut off|damaged|truncated/i },
  ];
  for (const { file, message } of cases) {
    await s.open(file);
    await expect(s.alert()).toBeVisible();
    await expect(s.alert()).toContainText(file.name);
    await expect(s.alert()).toContainText(message);
    // The previous image is still what the viewer and the info panel show.
    await expect(s.imageCanvas(good.name)).toBeVisible();
    await expect(s.info('file')).toHaveText(good.name);
    await s.page.getByRole('button', { name: 'Dismiss message' }).click();
    await expect(s.alert()).toHaveCount(0);
  }

  // Still usable: segment the image that stayed open.
  await s.choose('fixture-tiny-unet', 'WASM');
  await s.segmentAndWait();
});
