/**
 * Objects panel, one flow: segment a small generated image on WASM, measure its objects, and check the table
 * against the Node reference (the same measure code on the labels TIFF the page exports and the image decoded in
 * Node — the Python tests tie that code to skimage regionprops); the objects CSV equals the reference CSV byte
 * for byte; sorting works; a click on a row zooms the viewer to that object and outlines it; the area filter
 * applies to the table and to the GeoJSON and ROI exports.
 */
import { unzipSync } from 'fflate';
import { objectsCsv } from '../src/export/objectsCsv';
import { decodeImage } from '../src/io/decode';
import { OBJECT_COLUMNS } from '../src/measure/columns';
import { measureObjects } from '../src/measure/regionprops';
import { zoomToBox } from '../src/viewer/zoomToBox';
import { FIXTURE_MODEL, expect, pngSample, test, type StudioPage } from './fixtures';

async function download(s: StudioPage, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: button, exact: true }).click()]);
  const { readFileSync } = await import('node:fs');
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

const ab = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

test('objects table equals the Node reference; a row click zooms to the object; the filter applies to the exports', async ({ studioPage: s }) => {
  test.setTimeout(360_000); // several downloads and a WASM run on a shared, loaded machine
  const file = pngSample('cells-objects.png', 160, 120, 11);
  await s.openImage(file);
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  const panel = s.page.getByRole('region', { name: 'Objects' });
  await panel.getByRole('button', { name: 'Measure objects' }).click();
  const count = panel.locator('[data-objects]');
  await expect(count).not.toHaveAttribute('data-objects', '');

  // Node reference on the same labels (the page's export at the same threshold) and the same decoded image.
  const labelsTif = await decodeImage(ab((await download(s, 'Labels (16-bit TIFF)')).bytes), 'labels.tif');
  const raw = await decodeImage(ab(file.buffer), file.name);
  const ref = measureObjects({ labels: Uint32Array.from(labelsTif.data), width: 160, height: 120 }, raw.data);
  expect(ref.length).toBeGreaterThan(1);
  await expect(count).toHaveAttribute('data-objects', String(ref.length));
  const table = panel.getByRole('table', { name: 'Objects' });
  const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
    Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.value]))));
  expect(shown.length).toBe(ref.length);
  ref.forEach((r, i) => {
    for (const c of OBJECT_COLUMNS) {
      const v = c.value(r);
      expect(shown[i][c.key], `object ${r.label} ${c.key}`).toBe(Number.isFinite(v) ? String(v) : '');
    }
  });
  const csv = await download(s, 'Objects (CSV)');
  expect(csv.name).toBe('cells-objects.objects.csv');
  expect(csv.bytes.toString('utf8')).toBe(objectsCsv(ref));

  // Sort by area, largest first, and click the top row: the viewer zooms to its box and outlines it.
  await table.getByRole('button', { name: /^Area \(px\)/ }).click();
  await table.getByRole('button', { name: /^Area \(px\)/ }).click();
  const biggest = [...ref].sort((a, b) => b.area - a.area || a.label - b.label)[0];
  const first = table.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-label', String(biggest.label));
  await first.click();
  const vpEl = s.page.getByRole('group', { name: 'Image viewport' });
  await expect(s.page.getByRole('img', { name: `Outline of object ${biggest.label}` })).toBeVisible();
  const box = (await vpEl.boundingBox())!;
  const want = zoomToBox(biggest.bbox, { width: 160, height: 120 }, { width: box.width, height: box.height });
  await expect(vpEl).toHaveAttribute('data-scale', String(want.scale));
  await expect(vpEl).toHaveAttribute('data-center-x', String(want.centerX));
  await expect(vpEl).toHaveAttribute('data-center-y', String(want.centerY));
  await expect(first).toHaveAttribute('aria-selected', 'true');

  // Filter by area: the table and every export keep the same objects.
  const areas = [...new Set(ref.map((r) => r.area))].sort((a, b) => a - b);
  expect(areas.length).toBeGreaterThan(1);
  const minArea = areas[1]; // drops the smallest objects, keeps the rest
  const kept = ref.filter((r) => r.area >= minArea).map((r) => r.label).sort((a, b) => a - b);
  expect(kept.length).toBeLessThan(ref.length);
  await panel.getByLabel('Min area (px)').fill(String(minArea));
  await expect(count).toHaveAttribute('data-objects', String(kept.length));
  const geo = JSON.parse((await download(s, 'GeoJSON (QuPath)')).bytes.toString('utf8'));
  expect(geo.features.map((f: { properties: { name: string } }) => Number(f.properties.name)).sort((a: number, b: number) => a - b)).toEqual(kept);
  const rois = await download(s, 'ImageJ ROIs (.zip)');
  expect(rois.name).toBe('cells-objects.roi.zip');
  expect(Object.keys(unzipSync(new Uint8Array(rois.bytes))).sort()).toEqual(kept.map((l) => `${l}.roi`).sort());
});
