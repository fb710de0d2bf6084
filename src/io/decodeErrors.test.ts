import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { decodeImage } from './decode';
import { encodeGrayPng } from './encodePng';
import { encodeTiff } from './encodeTiff';
import { ab, patchTiffTag } from './testBytes';

/** Resolve to the StudioError code, failing on anything else (raw TypeError/RangeError) or on a hang. */
async function code(bytes: Uint8Array, name = 'f'): Promise<string> {
  const hang = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`hang on ${bytes.length} bytes`)), 2000));
  try {
    await Promise.race([decodeImage(ab(bytes), name), hang]);
  } catch (e) {
    if (!(e instanceof StudioError)) throw new Error(`raw error on ${bytes.length} bytes: ${String(e)}`);
    return e.code;
  }
  return 'ok';
}

const tiff = encodeTiff(Uint16Array.from({ length: 9 * 5 }, (_, i) => i * 100), 9, 5);
const png = encodeGrayPng(Uint8Array.from({ length: 40 * 30 }, (_, i) => (i * 13) % 256), 40, 30);

describe('decodeImage errors', () => {
  it('0-byte file → empty-file with the exact message', async () => {
    await expect(decodeImage(new ArrayBuffer(0), 'x.tif')).rejects.toMatchObject({ code: 'empty-file', message: 'The file "x.tif" is empty (0 bytes).' });
  });
  it('random bytes → not-an-image listing PNG, JPEG, TIFF', async () => {
    const junk = Uint8Array.from({ length: 500 }, (_, i) => (i * 97 + 13) % 251);
    await expect(decodeImage(ab(junk), 'r.png')).rejects.toMatchObject({ code: 'not-an-image', message: expect.stringMatching(/PNG, JPEG, TIFF/) });
    expect(await code(new TextEncoder().encode('hello, world'))).toBe('not-an-image');
  });
  it('a TIFF cut at every length → StudioError, never a hang or raw error', async () => {
    for (let n = 1; n < tiff.length; n++) {
      const c = await code(tiff.subarray(0, n));
      expect(c, `length ${n}`).toBe(n < 4 ? 'not-an-image' : 'truncated-file');
    }
    expect(await code(tiff)).toBe('ok');
  });
  it('a PNG cut at various lengths → truncated-file', async () => {
    for (const n of [8, 9, 20, 33, 40, 60, Math.floor(png.length / 2), png.length - 13, png.length - 1])
      expect(await code(png.subarray(0, n)), `length ${n}`).toBe('truncated-file');
    expect(await code(png)).toBe('ok');
  });
  it('1-bit, 12-bit, complex, float16 TIFF → unsupported-sample-format naming found and supported', async () => {
    const base = encodeTiff(new Uint8Array(64), 8, 8);
    await expect(decodeImage(ab(patchTiffTag(base, 258, 1)), 'bw.tif')).rejects.toMatchObject({
      code: 'unsupported-sample-format', message: expect.stringMatching(/1-bit uint.*uint8\/16\/32, int8\/16\/32, float32\/64/),
    });
    expect(await code(patchTiffTag(base, 258, 12))).toBe('unsupported-sample-format');
    expect(await code(patchTiffTag(patchTiffTag(base, 339, 6), 258, 64))).toBe('unsupported-sample-format');
    expect(await code(patchTiffTag(patchTiffTag(base, 339, 3), 258, 16))).toBe('unsupported-sample-format');
  });
  it('signed TIFF samples decode with sign', async () => {
    const t = patchTiffTag(encodeTiff(Uint16Array.of(0, 1, 65535, 32768), 2, 2), 339, 2);
    const r = await decodeImage(ab(t), 's.tif');
    expect(r.sampleType).toBe('int16');
    expect(Array.from(r.data)).toEqual([0, 1, -1, -32768]);
  });
  it('over 100 megapixels → image-too-large before allocating (TIFF and PNG)', async () => {
    const t = patchTiffTag(patchTiffTag(encodeTiff(new Uint8Array(4), 2, 2), 256, 20000), 257, 20000);
    expect(await code(t)).toBe('image-too-large');
    const p = png.slice();
    new DataView(p.buffer).setUint32(16, 11000); // IHDR width
    new DataView(p.buffer).setUint32(20, 10000);
    expect(await code(p)).toBe('image-too-large');
  });
});

describe('decodeImage: other TIFF layouts cut at every length', () => {
  it('geotiff-written and BigTIFF files → truncated-file, never a raw error', async () => {
    const { writeArrayBuffer } = await import('geotiff');
    const { bigTiffU16 } = await import('./testBytes');
    const gt = new Uint8Array(writeArrayBuffer(Uint8Array.from({ length: 6 * 4 }, (_, i) => i), { width: 6, height: 4 }));
    const bt = bigTiffU16(Uint16Array.from({ length: 15 }, (_, i) => i), 5, 3);
    for (const f of [gt, bt]) {
      expect(await code(f)).toBe('ok');
      for (let n = 4; n < f.length; n++) expect(await code(f.subarray(0, n)), `length ${n} of ${f.length}`).toBe('truncated-file');
    }
  });
});
