/**
 * Multi-page 16-bit label stacks as OME-TIFF (OME 2016-06 schema): one uncompressed page per plane in T-then-Z
 * order (DimensionOrder XYZCT with SizeC = 1, so page k is plane t·SizeZ + z, as io/source.ts `planeIndex`), and
 * the OME-XML in the first page's ImageDescription with the input's pixel size. Fiji (Bio-Formats), napari,
 * QuPath and tifffile read the axes and the µm scale from it. Used by `npm run segment` and the studio's stack export.
 */
import type { PixelSize } from './source';
import { encodeTiffPages, tiffLayout, type TiffLayout } from './encodeTiff';

export interface OmeLabelStack {
  width: number;
  height: number;
  /** Planes in planeIndex order (t outer, z inner); length sizeT·sizeZ. */
  planes: Uint16Array[];
  sizeZ: number;
  sizeT: number;
  /** The input's pixel size (µm); omitted from the XML when unknown. */
  pixelSize?: PixelSize;
  /** Image name in the OME-XML (e.g. "20.labels"). */
  name: string;
  /** Channel name (default "labels"). */
  channelName?: string;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A finite positive size as OME wants it (shortest round-trip decimal). */
const size = (v: number) => String(v);

/** The OME-XML document describing the stack (exported for tests and for other writers of the same layout). */
export function omeXml(s: Omit<OmeLabelStack, 'planes'>): string {
  const px = s.pixelSize;
  const phys = [
    px && px.x > 0 ? ` PhysicalSizeX="${size(px.x)}" PhysicalSizeXUnit="µm"` : '',
    px && px.y > 0 ? ` PhysicalSizeY="${size(px.y)}" PhysicalSizeYUnit="µm"` : '',
    px?.z !== undefined && px.z > 0 ? ` PhysicalSizeZ="${size(px.z)}" PhysicalSizeZUnit="µm"` : '',
  ].join('');
  const n = s.sizeZ * s.sizeT;
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" ' +
    'Creator="segmentation-studio">' +
    `<Image ID="Image:0" Name="${xmlEscape(s.name)}">` +
    `<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="${s.width}" SizeY="${s.height}" ` +
    `SizeZ="${s.sizeZ}" SizeC="1" SizeT="${s.sizeT}"${phys} BigEndian="false" Interleaved="false" SignificantBits="16">` +
    `<Channel ID="Channel:0:0" Name="${xmlEscape(s.channelName ?? 'labels')}" SamplesPerPixel="1"/>` +
    `<TiffData IFD="0" PlaneCount="${n}"/>` +
    '</Pixels></Image></OME>';
}

/**
 * Encode a label stack as one OME-TIFF file.
 * @throws Error when the plane count is not sizeZ·sizeT or a plane has the wrong length.
 */
export function encodeOmeTiff(s: OmeLabelStack): Uint8Array {
  if (!(s.sizeZ >= 1 && s.sizeT >= 1) || s.planes.length !== s.sizeZ * s.sizeT)
    throw new Error(`encodeOmeTiff: ${s.planes.length} planes for SizeZ ${s.sizeZ} × SizeT ${s.sizeT}`);
  return encodeTiffPages(s.planes, s.width, s.height, { description: omeXml(s) });
}

/** The file layout of a label stack (header, IFDs, OME-XML; strip offsets) for writers that emit planes one at a time. */
export function omeTiffLayout(s: Omit<OmeLabelStack, 'planes'>): TiffLayout {
  if (!(s.sizeZ >= 1 && s.sizeT >= 1)) throw new Error(`encodeOmeTiff: SizeZ ${s.sizeZ} × SizeT ${s.sizeT}`);
  return tiffLayout(s.sizeZ * s.sizeT, s.width, s.height, { bytes: 2, format: 1 }, { description: omeXml(s) });
}
