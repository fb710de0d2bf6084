/**
 * How sources read: from a Blob and a Node file path with the same pixels, only the bytes a region needs,
 * cancellation, and damaged files (cut at many lengths, page loops) ending in a StudioError, never a hang.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { type ByteReader, bufferReader, cachedReader } from './byteReader';
import { encodeTiff } from './encodeTiff';
import { openSource, openSourceFrom, openSourceFromBlob } from './openSource';
import { openSourceFromFile } from './openSourceNode';
import type { ImageSource } from './source';
import { ab } from './testBytes';
import { corpusUnavailable, expected, makeCorpus, readCorpus, v16 } from './testCorpus';

const why = corpusUnavailable();
let dir = '';
beforeAll(() => { if (!why) dir = makeCorpus(); });
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/** Open, then read every plane of every channel; the StudioError code or 'ok'. Fails on raw errors / hangs. */
async function openAndReadAll(bytes: Uint8Array, name: string): Promise<string> {
  const hang = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`hang on ${bytes.length} bytes`)), 2000));
  const all = async () => {
    const s = await openSource(ab(bytes), name);
    for (let t = 0; t < s.sizeT; t++) for (let z = 0; z < s.sizeZ; z++) for (let c = 0; c < s.sizeC; c++) await s.readRegion({ t, z, c });
  };
  try {
    await Promise.race([all(), hang]);
  } catch (e) {
    if (!(e instanceof StudioError)) throw new Error(`raw error on ${bytes.length} bytes: ${String(e)}`);
    return e.code;
  }
  return 'ok';
}

describe.skipIf(why)(`sources: Blob and file path${why ? ` (skipped: ${why})` : ''}`, () => {
  it('openSourceFromBlob and openSourceFromFile give the same axes and pixels as openSource', async () => {
    const f = 'imagej_hyper.tif';
    const bytes = readCorpus(dir, f);
    const fromFile = await openSourceFromFile(join(dir, f));
    const sources: ImageSource[] = [await openSource(bytes, f), await openSourceFromBlob(new Blob([bytes]), f), fromFile];
    for (const s of sources) {
      expect([s.name, s.sizeT, s.sizeZ, s.sizeC, s.pixelSize?.x]).toEqual([f, 2, 3, 2, 0.5]);
      expect(Array.from(await s.readRegion({ t: 1, z: 2, c: 1 }))).toEqual(expected(v16, 1, 2, 1));
    }
    fromFile.close?.();
    const png = await openSourceFromFile(join(dir, 'grey16.png'));
    expect(Array.from(await png.readRegion({ t: 0, z: 0, c: 0 }))).toEqual(expected(v16, 0, 0, 0));
  });
  it('a missing path is a StudioError naming it', async () => {
    await expect(openSourceFromFile(join(dir, 'nope.tif'))).rejects.toMatchObject({ code: 'not-an-image', message: expect.stringMatching(/nope\.tif" does not exist/) });
  });
  it('a region of a tiled TIFF reads only its tiles (bytes counted), not the whole plane', async () => {
    const inner = bufferReader(readCorpus(dir, 'tiled.tif'));
    let bytes = 0;
    const counting: ByteReader = { size: inner.size, read: async (o, n) => { const b = await inner.read(o, n); bytes += b.byteLength; return b; } };
    const s = await openSourceFrom(counting, 'tiled.tif');
    await s.readRegion({ t: 0, z: 0, c: 0 }, { x: 0, y: 0, width: 1, height: 1 }); // first read loads the tile tables
    bytes = 0;
    const rect = { x: 17, y: 18, width: 10, height: 12 }; // inside tile (1, 1) of 16×16 tiles
    expect(Array.from(await s.readRegion({ t: 0, z: 0, c: 0 }, rect))).toEqual(expected(v16, 0, 0, 0, rect));
    const regionBytes = bytes;
    bytes = 0;
    await s.readRegion({ t: 0, z: 0, c: 0 });
    expect(regionBytes).toBeGreaterThan(0);
    expect(regionBytes * 6).toBeLessThan(bytes); // 1 of 12 tiles
  });
  it('an aborted read rejects with cancelled', async () => {
    const s = await openSource(readCorpus(dir, 'tiled.tif'), 'tiled.tif');
    const ac = new AbortController();
    ac.abort();
    await expect(s.readRegion({ t: 0, z: 0, c: 0 }, undefined, 0, ac.signal)).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('cachedReader', () => {
  it('returns the same bytes as the reader under it, across block borders and past the end', async () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) % 256);
    const plain = bufferReader(data.buffer);
    let calls = 0;
    const counted: ByteReader = { size: plain.size, read: (o, n) => { calls++; return plain.read(o, n); } };
    const cached = cachedReader(counted, 64, 4);
    for (const [o, n] of [[0, 10], [60, 10], [63, 2], [100, 63], [990, 50], [1000, 5], [0, 64], [5, 200], [60, 10]])
      expect(Array.from(new Uint8Array(await cached.read(o, n))), `${o}+${n}`).toEqual(Array.from(new Uint8Array(await plain.read(o, n))));
    calls = 0;
    for (let i = 0; i < 50; i++) await cached.read(130 + (i % 40), 8); // inside blocks 2 and 3, cached by now
    expect(calls).toBe(0);
  });
});

describe.skipIf(why)('sources: damaged files', () => {
  it('an OME-TIFF and a tiled TIFF cut at many lengths → StudioError on open or read, never a raw error or hang', async () => {
    for (const f of ['ome_zcyx.ome.tif', 'tiled.tif']) {
      const full = new Uint8Array(readCorpus(dir, f));
      expect(await openAndReadAll(full, f)).toBe('ok');
      for (let n = 0; n < full.length; n += n < 600 ? 1 : 37) {
        const code = await openAndReadAll(full.subarray(0, n), f);
        expect(['empty-file', 'not-an-image', 'truncated-file'], `${f} cut at ${n}`).toContain(code);
      }
    }
  }, 60_000);
  it('a page chain that loops back is read once', async () => {
    const t = encodeTiff(Uint8Array.of(1, 2, 3, 4), 2, 2);
    new DataView(t.buffer).setUint32(8 + 2 + 11 * 12, 8, true); // next IFD → the first IFD again
    const s = await openSource(ab(t), 'loop.tif');
    expect([s.sizeZ, s.sizeC]).toEqual([1, 1]);
    expect(Array.from(await s.readRegion({ t: 0, z: 0, c: 0 }))).toEqual([1, 2, 3, 4]);
  });
});
