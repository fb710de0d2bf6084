import { writeArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode';
import { encodeTiff } from './encodeTiff';
import { ab } from './testBytes';

describe('decodeImage: multi-channel TIFF', () => {
  it('takes the first sample and says so in note', async () => {
    const w = 4, h = 3;
    const v = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i % 3) * 100 + Math.floor(i / 3));
    const buf = writeArrayBuffer(v, { width: w, height: h, SamplesPerPixel: 3, BitsPerSample: [8, 8, 8], PhotometricInterpretation: 2 });
    const r = await decodeImage(buf, 'rgb.tif');
    expect(r.note).toBe('channel 1 of 3');
    expect(Array.from(r.data)).toEqual(Array.from({ length: w * h }, (_, i) => i));
  });
  it('notes a multi-page file and does not follow a cyclic page chain', async () => {
    const t = encodeTiff(Uint8Array.of(1, 2, 3, 4), 2, 2);
    new DataView(t.buffer).setUint32(8 + 2 + 11 * 12, 8, true); // next IFD → the first IFD again
    const r = await decodeImage(ab(t), 'pages.tif');
    expect(r.note).toBe('first page of a multi-page TIFF');
    expect(Array.from(r.data)).toEqual([1, 2, 3, 4]);
  });
});
