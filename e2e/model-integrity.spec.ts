import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';

/**
 * A model file whose bytes do not match the card's sha256 is refused ('model-invalid') with a message, and the
 * studio stays usable: once the file is served intact again the same image segments.
 */
test('a corrupted model file is refused, then the intact one runs', async ({ studioPage: s }) => {
  let corrupt = true;
  await s.page.context().route(`**/models/${FIXTURE_MODEL}.onnx`, async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    if (corrupt) body[body.length - 1] ^= 0xff;
    await route.fulfill({ response: res, body });
  });
  await s.openImage(pngSample('integrity.png', 64, 48));
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segment();
  await expect(s.alert()).toContainText(/sha256.*refusing to run it/);
  await expect(s.status()).toContainText('failed');

  corrupt = false;
  await s.page.getByRole('button', { name: 'Dismiss message' }).click();
  await s.segmentAndWait();
  // A fetch of the model still in flight when the test ends (the page may prefetch it again) must not outlive the
  // context: its handler would read a disposed response and fail the worker, and the next spec would not run.
  await s.page.context().unrouteAll({ behavior: 'ignoreErrors' });
});
