import { fromArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { encodeOmeTiff, omeXml } from './encodeOmeTiff';
import { encodeTiff, encodeTiffPages } from './encodeTiff';
import { ab } from './testBytes';

const plane = (k: number, n: number) => Uint16Array.from({ length: n }, (_, i) => (k * 1000 + i * 7) & 0xffff);

describe('encodeOmeTiff', () => {
  it('writes one readable uint16 page per plane in t-then-z order, the OME-XML on page 0', async () => {
    const planes = Array.from({ length: 6 }, (_, k) => plane(k, 5 * 3));
    const bytes = encodeOmeTiff({ width: 5, height: 3, planes, sizeZ: 3, sizeT: 2, pixelSize: { x: 0.5, y: 0.25, z: 2, unit: 'µm' }, name: 'cells' });
    const tiff = await fromArrayBuffer(ab(bytes));
    expect(await tiff.getImageCount()).toBe(6);
    for (let k = 0; k < 6; k++) {
      const img = await tiff.getImage(k);
      expect([img.getWidth(), img.getHeight(), img.getBitsPerSample()]).toEqual([5, 3, 16]);
      const [data] = (await img.readRasters()) as unknown as Uint16Array[];
      expect(Array.from(data)).toEqual(Array.from(planes[k]));
    }
    const desc = (await (await tiff.getImage(0)).fileDirectory.loadValue('ImageDescription')) as string; // geotiff decodes it as UTF-8
    expect(desc).toContain('DimensionOrder="XYZCT" Type="uint16" SizeX="5" SizeY="3" SizeZ="3" SizeC="1" SizeT="2"');
    expect(desc).toContain('PhysicalSizeX="0.5" PhysicalSizeXUnit="µm" PhysicalSizeY="0.25" PhysicalSizeYUnit="µm" PhysicalSizeZ="2"');
    expect(desc).toContain('<TiffData IFD="0" PlaneCount="6"/>');
  });

  it('leaves the pixel size out when unknown and escapes the name', () => {
    const x = omeXml({ width: 1, height: 1, sizeZ: 1, sizeT: 1, name: 'a<&"b' });
    expect(x).not.toContain('PhysicalSize');
    expect(x).toContain('Name="a&lt;&amp;&quot;b"');
  });

  it('refuses a plane count that is not SizeZ × SizeT', () => {
    expect(() => encodeOmeTiff({ width: 1, height: 1, planes: [plane(0, 1)], sizeZ: 2, sizeT: 1, name: 'x' })).toThrow(/1 planes for SizeZ 2/);
  });
});

describe('encodeTiffPages', () => {
  it('one page without description is the single-page writer\'s layout (strip right after the IFD, 16-aligned)', () => {
    const data = plane(3, 12);
    const one = encodeTiffPages([data], 4, 3);
    expect(one).toEqual(encodeTiff(data, 4, 3));
    expect(new DataView(one.buffer).getUint32(4, true)).toBe(8); // first IFD right after the header
    expect(one.length).toBe(Math.ceil((8 + 2 + 11 * 12 + 4) / 16) * 16 + 24);
  });

  it('refuses mixed sample types and wrong sizes', () => {
    expect(() => encodeTiffPages([new Uint16Array(4), new Uint8Array(4)], 2, 2)).toThrow(/page 1 has another sample type/);
    expect(() => encodeTiffPages([new Uint16Array(4), new Uint16Array(3)], 2, 2)).toThrow(/3 values for 2×2 \(page 1\)/);
  });
});
