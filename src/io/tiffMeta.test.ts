/** OME-XML / ImageJ description parsing on hand-written headers (cases the tifffile corpus does not produce). */
import { describe, expect, it } from 'vitest';
import { parseImageJ, parseOmeXml, planeOrderIndex, toMicrometres } from './tiffMeta';

const ome = (pixelsAttrs: string, inner = '') =>
  `<?xml version="1.0"?><ome:OME xmlns:ome="http://www.openmicroscopy.org/Schemas/OME/2016-06"><ome:Image ID="Image:0"><ome:Pixels ${pixelsAttrs}>${inner}</ome:Pixels></ome:Image></ome:OME>`;

describe('parseOmeXml', () => {
  it('reads prefixed elements, defaults sizes to 1, µm when no unit, entities in names', () => {
    const m = parseOmeXml(ome('DimensionOrder="XYZTC" SizeX="10" SizeY="5" SizeC="2" PhysicalSizeX="0.2"', '<ome:Channel Name="a &amp; b"/><ome:Channel ID="c"/>'))!;
    expect([m.dimensionOrder, m.sizeX, m.sizeY, m.sizeZ, m.sizeC, m.sizeT]).toEqual(['XYZTC', 10, 5, 1, 2, 1]);
    expect([m.physicalSizeX, m.physicalSizeY]).toEqual([0.2, undefined]);
    expect(m.channelNames).toEqual(['a & b', undefined]);
  });
  it('converts units and drops pixel/reference-frame sizes', () => {
    const m = parseOmeXml(ome('SizeX="1" SizeY="1" PhysicalSizeX="0.001" PhysicalSizeXUnit="mm" PhysicalSizeY="5000" PhysicalSizeYUnit="Å" PhysicalSizeZ="3" PhysicalSizeZUnit="pixel"'))!;
    expect(m.physicalSizeX).toBeCloseTo(1, 12);
    expect(m.physicalSizeY).toBeCloseTo(0.5, 12);
    expect(m.physicalSizeZ).toBeUndefined();
  });
  it('reads TiffData blocks, with a UUID FileName for multi-file sets', () => {
    const m = parseOmeXml(ome('SizeX="1" SizeY="1" SizeZ="4"', '<TiffData IFD="2" FirstZ="1" PlaneCount="2"/><TiffData FirstZ="3"><UUID FileName="other.ome.tif">urn:uuid:1</UUID></TiffData>'))!;
    expect(m.tiffData).toEqual([
      { ifd: 2, firstZ: 1, firstC: 0, firstT: 0, planeCount: 2, fileName: undefined },
      { ifd: undefined, firstZ: 3, firstC: 0, firstT: 0, planeCount: undefined, fileName: 'other.ome.tif' },
    ]);
  });
  it('only the first Image (series) and counts the others; non-OME text → null', () => {
    const two = ome('SizeX="3" SizeY="3"').replace('</ome:OME>', '<ome:Image ID="Image:1"><ome:Pixels SizeX="9" SizeY="9"/></ome:Image></ome:OME>');
    expect(parseOmeXml(two)).toMatchObject({ sizeX: 3, imageCount: 2 });
    expect(parseOmeXml('<html>no</html>')).toBeNull();
    expect(parseOmeXml('{"shape": [3, 4]}')).toBeNull();
  });
  it('an invalid DimensionOrder falls back to XYZCT', () => {
    expect(parseOmeXml(ome('SizeX="1" SizeY="1" DimensionOrder="XYQQQ"'))!.dimensionOrder).toBe('XYZCT');
  });
});

describe('parseImageJ', () => {
  it('hyperstack keys, unit and spacing', () => {
    expect(parseImageJ('ImageJ=1.54f\nimages=24\nchannels=2\nslices=4\nframes=3\nhyperstack=true\nunit=micron\nspacing=0.5\n'))
      .toEqual({ images: 24, channels: 2, slices: 4, frames: 3, unit: 'micron', spacing: 0.5 });
  });
  it('images=N alone is a Z stack; not ImageJ → null', () => {
    expect(parseImageJ('ImageJ=1.11a\nimages=7\n')).toMatchObject({ slices: 7, channels: 1, frames: 1 });
    expect(parseImageJ('ImageJ=1.11a\nimages=6\nchannels=2\n')).toMatchObject({ slices: 3, channels: 2 });
    expect(parseImageJ('hello')).toBeNull();
  });
});

describe('toMicrometres / planeOrderIndex', () => {
  it('ImageJ unit spellings', () => {
    for (const u of ['micron', 'um', 'µm', 'μm', '\\u00B5m']) expect(toMicrometres(2, u), u).toBe(2);
    expect(toMicrometres(2, 'nm')).toBeCloseTo(0.002, 12);
    expect(toMicrometres(2, 'pixel')).toBeUndefined();
    expect(toMicrometres(0, 'µm')).toBeUndefined();
  });
  it('first of Z/C/T varies fastest', () => {
    const sizes = { z: 3, c: 2, t: 4 };
    expect(planeOrderIndex('XYZCT', sizes, { z: 1, c: 1, t: 2 })).toBe(1 + 3 * (1 + 2 * 2));
    expect(planeOrderIndex('XYCZT', sizes, { z: 1, c: 1, t: 2 })).toBe(1 + 2 * (1 + 3 * 2));
    expect(planeOrderIndex('XYTCZ', sizes, { z: 1, c: 1, t: 2 })).toBe(2 + 4 * (1 + 2 * 1));
  });
});
