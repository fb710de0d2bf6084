/**
 * Where each (t, z, c) plane of a TIFF lives: which IFD of the main page chain and which sample inside it.
 * Three readings of the same page chain, most specific first: OME-TIFF (OME-XML DimensionOrder + TiffData),
 * ImageJ hyperstack (`images=`/`channels=`/`slices=`/`frames=`, order C fastest, then Z, then T), tifffile's
 * JSON `axes` (tifffileLayout.ts), plain TIFF (pages = Z). Samples of one page (RGB, planar or interleaved multi-sample) are channels in every case.
 */
import type { ImageFileDirectory } from 'geotiff';
import type { PixelSize } from './source';
import { parseTifffileJson, tifffileLayout } from './tifffileLayout';
import { type ImageJMeta, type OmeMeta, parseImageJ, parseOmeXml, planeOrderIndex, toMicrometres } from './tiffMeta';

/** What the header says about one page, read once per IFD when the file is opened. */
export interface PageInfo {
  width: number;
  height: number;
  samples: number;
  bits: number;
  sampleFormat: number;
  /** NewSubfileType bit 0: a reduced-resolution copy of another page. */
  reduced: boolean;
}

export interface TiffLayout {
  format: 'ome-tiff' | 'imagej-tiff' | 'tiff';
  sizeT: number;
  sizeZ: number;
  sizeC: number;
  rgb: boolean;
  channelNames: string[];
  pixelSize?: PixelSize;
  note: string;
  /**
   * IFD index and sample of channel c at (t, z); ifd −1 when the plane is not stored in this file. An index
   * past the page chain (ImageJ's one-IFD layout) is the plane's position among contiguous planes.
   */
  locate(t: number, z: number, c: number): { ifd: number; sample: number };
}

/** Pixel size from a RATIONAL resolution tag (pixels per unit) in `unit`; undefined for 0/absent. */
function fromResolution(res: unknown, umPerUnit: number): number | undefined {
  const r = res as ArrayLike<number> | undefined;
  if (!r || r.length < 2 || !(r[0] > 0) || !(r[1] > 0)) return undefined;
  return (r[1] / r[0]) * umPerUnit;
}

function sizeOf(x?: number, y?: number, z?: number): PixelSize | undefined {
  if (x === undefined && y === undefined) return undefined;
  const px = (x ?? y)!, py = (y ?? x)!;
  return z === undefined ? { x: px, y: py, unit: 'µm' } : { x: px, y: py, z, unit: 'µm' };
}

const sampleNames = (n: number, rgb: boolean) => Array.from({ length: n }, (_, i) => (rgb ? 'RGBA'[i] ?? `S${i}` : `C${i}`));

/** Channel groups × samples: channel c is sample c % spp of the group's page. */
const split = (c: number, spp: number) => ({ group: Math.floor(c / spp), sample: c % spp });

function omeLayout(ome: OmeMeta, first: PageInfo, pageCount: number, name: string, rgb: boolean): TiffLayout {
  const spp = first.samples;
  const groups = Math.max(1, Math.round(ome.sizeC / spp));
  const sizeC = groups * spp;
  const sizes = { z: ome.sizeZ, c: groups, t: ome.sizeT };
  const planes = ome.sizeZ * groups * ome.sizeT;
  const ifdOf = new Int32Array(planes).fill(-1);
  let otherFiles = 0;
  if (ome.tiffData.length === 0) for (let i = 0; i < planes; i++) ifdOf[i] = i;
  for (const td of ome.tiffData) {
    if (td.fileName !== undefined && td.fileName !== name && !name.endsWith('/' + td.fileName)) { otherFiles++; continue; }
    const start = planeOrderIndex(ome.dimensionOrder, sizes, { z: td.firstZ, c: td.firstC, t: td.firstT });
    const ifd = td.ifd ?? 0;
    const count = td.planeCount ?? (td.ifd === undefined ? planes - start : 1);
    for (let k = 0; k < count && start + k < planes; k++) ifdOf[start + k] = ifd + k;
  }
  for (let i = 0; i < planes; i++) if (ifdOf[i] >= pageCount) ifdOf[i] = -1;
  const names = Array.from({ length: sizeC }, (_, c) =>
    spp > 1 ? `${ome.channelNames[split(c, spp).group] ?? `C${split(c, spp).group}`}${rgb ? ':' + 'RGB'[c % spp] : `:${c % spp}`}` : ome.channelNames[c] ?? `C${c}`);
  const notes = [`OME-TIFF, DimensionOrder ${ome.dimensionOrder}`];
  if (ome.imageCount > 1) notes.push(`series 1 of ${ome.imageCount}`);
  if (otherFiles) notes.push('planes in other files of a multi-file OME-TIFF are not available');
  return {
    format: 'ome-tiff', sizeT: ome.sizeT, sizeZ: ome.sizeZ, sizeC, rgb: rgb && groups === 1, channelNames: spp > 1 && rgb && groups === 1 ? sampleNames(sizeC, true) : names,
    pixelSize: sizeOf(ome.physicalSizeX, ome.physicalSizeY, ome.physicalSizeZ), note: notes.join('; '),
    locate: (t, z, c) => {
      const { group, sample } = split(c, spp);
      return { ifd: ifdOf[planeOrderIndex(ome.dimensionOrder, sizes, { z, c: group, t })], sample };
    },
  };
}

function imagejLayout(ij: ImageJMeta, first: PageInfo, pageCount: number, rgb: boolean, xres: unknown, yres: unknown): TiffLayout {
  const spp = first.samples;
  const { channels, slices, frames } = ij;
  // No `unit=` means ImageJ measures in pixels (its resolution tags then hold 1): no physical size.
  const umPerUnit = ij.unit ? toMicrometres(1, ij.unit) : undefined;
  const pixelSize = umPerUnit === undefined ? undefined
    : sizeOf(fromResolution(xres, umPerUnit), fromResolution(yres, umPerUnit), ij.spacing === undefined ? undefined : ij.spacing * umPerUnit);
  const notes = [channels * slices * frames > 1 ? 'ImageJ hyperstack' : 'ImageJ TIFF'];
  const planes = channels * slices * frames;
  // One IFD for many planes is ImageJ's > 4 GB layout (planes back to back after page 0; contiguousPlanes.ts).
  if (pageCount === 1 && planes > 1) notes.push('planes stored contiguously after the first page');
  else if (pageCount < planes) notes.push(`only ${pageCount} of ${planes} planes are stored as pages`);
  return {
    format: 'imagej-tiff', sizeT: frames, sizeZ: slices, sizeC: channels * spp, rgb: rgb && channels === 1,
    channelNames: spp > 1 && rgb && channels === 1 ? sampleNames(spp, true) : sampleNames(channels * spp, false),
    pixelSize, note: notes.join('; '),
    locate: (t, z, c) => {
      const { group, sample } = split(c, spp);
      const ifd = group + channels * (z + slices * t);
      return { ifd: ifd < pageCount || pageCount === 1 ? ifd : -1, sample };
    },
  };
}

/**
 * Build the layout from page 0's directory `fd` (description, photometric, resolution) and the geometry of
 * every page in the main chain, in order (SubIFD pyramids are not in it).
 */
export async function tiffLayout(fd: ImageFileDirectory, pages: PageInfo[], name: string): Promise<TiffLayout> {
  const first = pages[0];
  const desc = await fd.loadValue('ImageDescription');
  const text = typeof desc === 'string' ? desc.replace(/\0+$/, '') : ''; // ASCII tags may keep their NUL
  const rgb = fd.getValue('PhotometricInterpretation') === 2 && first.samples >= 3;
  const ome = text.includes('<') ? parseOmeXml(text) : null;
  if (ome) return omeLayout(ome, first, pages.length, name, rgb);
  const ij = parseImageJ(text);
  if (ij) return imagejLayout(ij, first, pages.length, rgb, await fd.loadValue('XResolution'), await fd.loadValue('YResolution'));

  // Only centimetres: plain TIFFs in inches are almost always a screen/print dpi, not a microscope pixel.
  const unit = Number(await fd.loadValue('ResolutionUnit'));
  const pixelSize = unit === 3 ? sizeOf(fromResolution(await fd.loadValue('XResolution'), 1e4), fromResolution(await fd.loadValue('YResolution'), 1e4)) : undefined;
  const shaped = parseTifffileJson(text);
  const tf = shaped ? tifffileLayout(shaped, first, pages.length, rgb) : null;
  if (tf) return { ...tf, pixelSize };

  // Plain TIFF: every full-size page like page 0 is a Z slice; thumbnails / reduced pages are skipped.
  const same = (p: PageInfo) => !p.reduced && p.width === first.width && p.height === first.height && p.samples === first.samples && p.bits === first.bits && p.sampleFormat === first.sampleFormat;
  const zPages = pages.map((p, i) => (same(p) ? i : -1)).filter((i) => i >= 0);
  const notes: string[] = [];
  if (zPages.length > 1) notes.push(`${zPages.length} pages read as Z`);
  if (zPages.length < pages.length) notes.push(`${pages.length - zPages.length} page(s) of another size or type skipped`);
  return {
    format: 'tiff', sizeT: 1, sizeZ: zPages.length, sizeC: first.samples, rgb, channelNames: sampleNames(first.samples, rgb), pixelSize,
    note: notes.join('; '),
    locate: (_t, z, c) => ({ ifd: zPages[z] ?? -1, sample: c }),
  };
}
