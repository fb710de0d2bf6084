/**
 * `npm run segment -- --formats …`: the per-object files (objects CSV, QuPath GeoJSON, ImageJ ROI zip) beside
 * the labels, describing exactly the labels' objects; `--min-area` filters them; `--resume` redoes an image whose
 * object file is missing. Real process, fixture model on onnxruntime-node (Python parity: test_object_exports.py).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { encodeGrayPng } from '../io/encodePng';
import { measureObjects } from '../measure/regionprops';
import { objectsCsv } from '../export/objectsCsv';
import { parseSegmentArgs, UsageError } from './segmentArgs';

const run = (...args: string[]) =>
  spawnSync(join('node_modules', '.bin', 'tsx'), ['src/cli/segment.ts', '--model', 'fixture-tiny-unet', '--quiet', ...args], { encoding: 'utf8', timeout: 180_000 });

function disc(): Uint8Array {
  const w = 90, h = 70, d = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = (x - 30) ** 2 + (y - 30) ** 2 < 200 || (x - 70) ** 2 + (y - 45) ** 2 < 90 ? 230 : 30 + ((x * 7 + y * 3) % 40);
  return encodeGrayPng(d, w, h);
}

describe('segment --formats', { timeout: 300_000 }, () => {
  it('parses and validates --formats and --min-area', () => {
    const base = ['--model', 'm', '--out', 'o', 'x.png'];
    expect(parseSegmentArgs(base, { modelsDir: 'd' }).formats).toEqual(['labels', 'mask']);
    expect(parseSegmentArgs([...base, '--formats', 'csv,roi,csv', '--min-area', '4'], { modelsDir: 'd' })).toMatchObject({ formats: ['csv', 'roi'], minArea: 4 });
    expect(() => parseSegmentArgs([...base, '--formats', 'labels,svg'], { modelsDir: 'd' })).toThrow(UsageError);
    expect(() => parseSegmentArgs([...base, '--formats', 'labels,svg'], { modelsDir: 'd' })).toThrow(/unknown format "svg"; valid: labels, mask, csv, geojson, roi/);
  });

  it('writes objects CSV, GeoJSON and ROI zip of the labels\' objects; --resume redoes a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-formats-'));
    writeFileSync(join(dir, 'cells.png'), disc());
    const out = join(dir, 'out');
    const r = run('--out', out, '--formats', 'labels,mask,csv,geojson,roi', join(dir, 'cells.png'));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['cells.geojson', 'cells.labels.tif', 'cells.mask.png', 'cells.objects.csv', 'cells.roi.zip', 'cells.row.csv', 'summary.csv']);
    const buf = (f: string) => { const b = readFileSync(join(out, f)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer; };
    const labels = await decodeImage(buf('cells.labels.tif'), 'l');
    const raw = await decodeImage(buf('../cells.png'), 'c');
    const ref = measureObjects({ labels: Uint32Array.from(labels.data), width: 90, height: 70 }, raw.data);
    expect(ref.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'cells.objects.csv'), 'utf8')).toBe(objectsCsv(ref));
    const geo = JSON.parse(readFileSync(join(out, 'cells.geojson'), 'utf8'));
    expect(geo.features.map((f: { properties: { name: string } }) => Number(f.properties.name))).toEqual(ref.map((o) => o.label));
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(join(out, 'cells.roi.zip')))))).toEqual(ref.map((o) => `${o.label}.roi`));

    const labelsTime = statSync(join(out, 'cells.labels.tif')).mtimeMs;
    rmSync(join(out, 'cells.geojson'));
    expect(run('--out', out, '--resume', '--formats', 'labels,mask,csv,geojson,roi', join(dir, 'cells.png')).status).toBe(0);
    expect(statSync(join(out, 'cells.labels.tif')).mtimeMs).toBeGreaterThan(labelsTime);
    expect(readdirSync(out)).toContain('cells.geojson');

    const big = Math.max(...ref.map((o) => o.area));
    const f = run('--out', join(dir, 'filtered'), '--formats', 'csv', '--min-area', String(big), join(dir, 'cells.png'));
    expect(f.status, f.stderr).toBe(0);
    expect(readdirSync(join(dir, 'filtered')).sort()).toEqual(['cells.labels.tif', 'cells.objects.csv', 'cells.row.csv', 'summary.csv']);
    expect(readFileSync(join(dir, 'filtered', 'cells.objects.csv'), 'utf8')).toBe(objectsCsv(ref.filter((o) => o.area >= big)));
  });
});
