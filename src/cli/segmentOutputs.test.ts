import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../io/decode';
import { SUMMARY_HEADER } from './segmentCsv';
import type { ImageResult } from './segmentImage';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { completeOutputs, openImageWriter, outputPaths, writeImageOutputs } from './segmentOutputs';
import { ab } from '../io/testBytes';

function result(name: string, planes: number): ImageResult {
  const w = 4, h = 3;
  return {
    name, width: w, height: h, sizeZ: planes, sizeT: 1, pixelSize: { x: 0.5, y: 0.5, unit: 'µm' },
    planes: Array.from({ length: planes }, (_, p) => {
      const labels = Uint16Array.from({ length: w * h }, (_, i) => (i % 3 === 0 ? 1 + p : 0));
      return {
        plane: p, labels, mask: Uint8Array.from(labels, (v) => (v ? 1 : 0)),
        row: { name, plane: p, width: w, height: h, objects: 1, foregroundFraction: 4 / 12 },
      };
    }),
  };
}

describe('segment outputs and --resume', () => {
  it('writes labels, a mask for one plane, and the sidecar; leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-out-'));
    const lines = writeImageOutputs(dir, result('one', 1));
    expect(lines.map((l) => l.line)).toEqual(['one,0,4,3,1,0.333333,,,']);
    expect(readdirSync(dir).sort()).toEqual(['one.labels.tif', 'one.mask.png', 'one.row.csv']);
    expect(readFileSync(join(dir, 'one.row.csv'), 'utf8')).toBe(`${SUMMARY_HEADER}\none,0,4,3,1,0.333333,,,\n`);
    const mask = await decodeImage(ab(readFileSync(join(dir, 'one.mask.png'))), 'm');
    expect(Array.from(mask.data)).toEqual([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0]);
    const labels = await decodeImage(ab(readFileSync(join(dir, 'one.labels.tif'))), 'l');
    expect([labels.sampleType, labels.data[0], labels.data[1]]).toEqual(['uint16', 1, 0]);
    expect(completeOutputs(dir, 'one')).toEqual(lines);
  });

  it('a stack gets no mask PNG and is complete with its labels and sidecar; streamed labels = encodeOmeTiff', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-out-'));
    const r = result('st', 3);
    const lines = writeImageOutputs(dir, r);
    expect(readFileSync(join(dir, 'st.labels.tif')).equals(Buffer.from(encodeOmeTiff({ ...r, name: 'st.labels', planes: r.planes.map((p) => p.labels) })))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['st.labels.tif', 'st.row.csv']);
    expect(completeOutputs(dir, 'st')?.map((l) => l.plane)).toEqual([0, 1, 2]);
    expect(lines.length).toBe(3);
  });

  it.each([
    ['the sidecar is missing (killed before the last rename)', (p: ReturnType<typeof outputPaths>) => rmSync(p.row)],
    ['the labels are missing', (p: ReturnType<typeof outputPaths>) => rmSync(p.labels)],
    ['the mask of a one-plane image is missing', (p: ReturnType<typeof outputPaths>) => rmSync(p.mask)],
    ['the sidecar is cut off', (p: ReturnType<typeof outputPaths>) => writeFileSync(p.row, 'name,plane,wi')],
    ['the sidecar names another image', (p: ReturnType<typeof outputPaths>) => writeFileSync(p.row, `${SUMMARY_HEADER}\nother,0,4,3,1,0.333333,,,\n`)],
    ['the sidecar has no rows', (p: ReturnType<typeof outputPaths>) => writeFileSync(p.row, `${SUMMARY_HEADER}\n`)],
  ])('is redone when %s', (_why, damage) => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-out-'));
    writeImageOutputs(dir, result('one', 1));
    damage(outputPaths(dir, 'one'));
    expect(completeOutputs(dir, 'one')).toBeUndefined();
  });

  it('a writer that is aborted, or short of planes, leaves nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-out-'));
    const r = result('st', 3);
    const w = openImageWriter(dir, r);
    w.plane(r.planes[0]);
    expect(() => w.finish()).toThrow(/1 of 3 planes/);
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('nothing written: not complete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-out-'));
    expect(completeOutputs(dir, 'x')).toBeUndefined();
    expect(existsSync(join(dir, 'x.row.csv'))).toBe(false);
  });
});
