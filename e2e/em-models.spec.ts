import { loadManifest } from '../src/cli/nodeSession';
import { compareMask, referenceProb } from './reference';
import { expect, pngSample, test } from './fixtures';

/**
 * The real models (public/models/models.json, non-fixture cards): listed by default without the fixture, and each
 * segments a 300×200 PNG on WASM (4 tiles of 256) to the onnxruntime-node reference (differences only within
 * 1e-3 of the threshold). Skipped while the manifest has no real model.
 */
const real = loadManifest().models.filter((m) => !m.fixture);

test.describe('real models', () => {
  test.skip(real.length === 0, 'no non-fixture model in public/models/models.json yet');

  test('listed by default, fixture hidden', async ({ studioPage: s }) => {
    await s.goto('');
    const options = await s.page.getByLabel('Model', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(real.map((m) => m.id));
    await expect(s.page.getByLabel('Model', { exact: true })).toHaveValue(real[0].id);
  });

  for (const card of real) {
    test(`${card.id}: PNG → WASM → mask matches the Node reference`, async ({ studioPage: s }) => {
      test.setTimeout(300_000);
      const file = pngSample(`em-${card.id}.png`, 300, 200, 21);
      const ref = await referenceProb(file.buffer, file.name, card.id);
      await s.goto('');
      await s.openImage(file);
      await s.choose(card.id, 'WASM');
      await s.segmentAndWait(240_000);
      await expect(s.info('model')).toHaveText(card.name);
      const { png } = await s.downloadMask();
      const cmp = compareMask(png.data, ref);
      expect(cmp.outsideTolerance, JSON.stringify(cmp)).toBe(0);
    });
  }
});
