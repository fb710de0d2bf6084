/**
 * TIFF / BigTIFF / OME-TIFF / ImageJ hyperstack as an ImageSource, on geotiff.js. Opening reads only the
 * header and the page chain (IFDs); every readRegion decodes just the strips/tiles under its rect through
 * geotiff's `window` read, on this thread (never geotiff's worker pool: we already run in a worker).
 */
import { type GeoTIFF, GeoTIFFImage } from 'geotiff';
import { StudioError } from '../errors';
import { type ByteReader, geotiffOver } from './byteReader';
import { contiguousPlanes } from './contiguousPlanes';
import { checkBlocks, sampleType } from './decodeTiff';
import { checkRegionSize, checkStreamable, truncated } from './limits';
import { type PageRef, walkPages } from './tiffPages';
import { checkPick, checkRect, LUMA, readError } from './sourceChecks';
import { downsampleOf, levelRect } from './levels';
import type { ImageSource, PlaneSelection, Rect, SourceLevel } from './source';
import { type TiffLayout, tiffLayout } from './tiffLayout';
import type { SampleType } from './types';

/** Parsed pages kept for reuse (oldest dropped first); page 0 is always held by the source itself. */
const MAX_OPEN_PAGES = 64;
/** More reduced-resolution SubIFDs than this on one page is not a pyramid (a 2^32-pixel image halves 32 times). */
const MAX_SUB_LEVELS = 32;

/** The SubIFD offsets of a page (tag 330, as pyramidal OME-TIFF and tifffile `subifds=` write them), or []. */
async function subIfdOffsets(im: GeoTIFFImage): Promise<number[]> {
  if (!im.fileDirectory.hasTag('SubIFDs')) return [];
  const v = (await im.fileDirectory.loadValue('SubIFDs')) as ArrayLike<number | bigint> | number | bigint | undefined;
  if (v === undefined) return [];
  return (typeof v === 'object' ? Array.from(v, Number) : [Number(v)]).slice(0, MAX_SUB_LEVELS);
}

/**
 * The resolution levels of page 0: itself, then its SubIFDs that are smaller and have the same sample type,
 * largest first (viv reads OME-TIFF pyramids the same way: the plane's IFD, then SubIFDs[level − 1]).
 */
async function pyramidLevels(tiff: GeoTIFF, image0: GeoTIFFImage, st: SampleType, name: string): Promise<SourceLevel[]> {
  const w0 = image0.getWidth(), h0 = image0.getHeight();
  const levels: SourceLevel[] = [{ width: w0, height: h0, downsample: 1 }];
  for (const off of await subIfdOffsets(image0)) {
    const im = new GeoTIFFImage(await tiff.parser.parseFileDirectoryAt(off), tiff.littleEndian, false, tiff.source);
    const w = im.getWidth(), h = im.getHeight(), prev = levels[levels.length - 1];
    // A SubIFD that is not a smaller copy (a thumbnail of another type, a mask) ends the pyramid here.
    if (!(w < prev.width && h <= prev.height) || sampleType(im, name) !== st || im.getSamplesPerPixel() !== image0.getSamplesPerPixel()) break;
    levels.push({ width: w, height: h, downsample: downsampleOf(w0, h0, w, h) });
  }
  return levels;
}

const toF32 = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

/** Open a TIFF held by `reader` as an ImageSource (header only; pixels are read per region). */
export async function openTiffSource(reader: ByteReader, name: string, signal?: AbortSignal): Promise<ImageSource> {
  let tiff: GeoTIFF, pages: PageRef[], image0: GeoTIFFImage, st: SampleType, layout: TiffLayout, levels: SourceLevel[];
  try {
    ({ pages } = await walkPages(reader, name));
    tiff = await geotiffOver(reader, signal);
    image0 = await tiff.getImage(0);
    // any size opens when its tiles/strips are small: only the header is read now, regions on demand
    checkStreamable(pages[0].width, pages[0].height, name, image0.getTileWidth(), image0.getTileHeight(), pages[0].samples * Math.ceil(pages[0].bits / 8));
    st = sampleType(image0, name);
    layout = await tiffLayout(image0.fileDirectory, pages, name);
    levels = await pyramidLevels(tiff, image0, st, name);
  } catch (e) {
    throw readError(e, name, signal);
  }
  const { width, height } = pages[0];
  const planes = layout.sizeT * layout.sizeZ * layout.sizeC;
  const contiguous = pages.length === 1 && planes > 1 && layout.format === 'imagej-tiff'
    ? await contiguousPlanes(image0, st, planes, reader, name).catch((e) => { throw readError(e, name, signal); })
    : null;

  const checked = new Map<string, Promise<GeoTIFFImage>>();

  /** The page of plane `ifd` (or its SubIFD of resolution `level`), its blocks checked against the file size once. */
  const page = (ifd: number, level = 0): Promise<GeoTIFFImage> => {
    const key = `${ifd}/${level}`;
    let p = checked.get(key);
    if (!p) {
      p = (async () => {
        // Parse this page only now (walkPages gave its offset): opening a 100k-page stack stays cheap.
        const main = ifd === 0 ? image0 : new GeoTIFFImage(await tiff.parser.parseFileDirectoryAt(pages[ifd].offset), tiff.littleEndian, false, tiff.source);
        let im = main;
        if (level > 0) {
          const subs = await subIfdOffsets(main);
          if (subs.length < level)
            throw new StudioError('unsupported-format', `"${name}": page ${ifd + 1} has ${subs.length} reduced-resolution levels (SubIFDs), the first page ${levels.length - 1}; the planes of one pyramid must have the same levels.`);
          im = new GeoTIFFImage(await tiff.parser.parseFileDirectoryAt(subs[level - 1]), tiff.littleEndian, false, tiff.source);
        }
        const lw = levels[level].width, lh = levels[level].height;
        if (im.getWidth() !== lw || im.getHeight() !== lh)
          throw new StudioError('unsupported-format', `"${name}": page ${ifd + 1}${level ? ` level ${level}` : ''} is ${im.getWidth()}×${im.getHeight()}, the first page's ${lw}×${lh}; pages of one stack must have the same size.`);
        const pst = sampleType(im, name);
        if (pst !== st) throw new StudioError('unsupported-format', `"${name}": page ${ifd + 1} stores ${pst}, the first page ${st}; pages of one stack must have the same sample type.`);
        await checkBlocks(im, reader.size, name);
        return im;
      })();
      p.catch(() => checked.delete(key)); // a failed check (or an abort) is retried on the next read
      checked.set(key, p);
      // Bounded: a 100k-plane run must not keep every parsed directory (tag arrays included) alive.
      if (checked.size > MAX_OPEN_PAGES) checked.delete(checked.keys().next().value!);
    }
    return p;
  };

  const source: ImageSource = {
    name, format: layout.format, width, height, sizeT: layout.sizeT, sizeZ: layout.sizeZ, sizeC: layout.sizeC,
    sampleType: st, pixelSize: layout.pixelSize, channelNames: layout.channelNames, rgb: layout.rgb,
    levels, note: layout.note,
    async readRegion(sel: PlaneSelection, rect?: Rect, level = 0, sig?: AbortSignal): Promise<Float32Array> {
      checkPick(source, sel, level);
      // the level's own pixels under the level-0 rect (io/levels.ts: rounded outwards, clipped)
      const r = level ? levelRect(checkRect(rect, width, height), levels[level]) : checkRect(rect, width, height);
      checkRegionSize(r.width, r.height, name);
      const chans = sel.c === 'luminance' ? (layout.rgb ? [0, 1, 2] : [0]) : [sel.c];
      const where = chans.map((c) => layout.locate(sel.t, sel.z, c));
      if (where.some((w) => w.ifd < 0))
        throw new StudioError('truncated-file', `"${name}": plane t=${sel.t}, z=${sel.z}, c=${sel.c} is not stored in this file (${layout.note}).`);
      try {
        if (where[0].ifd >= pages.length) {
          if (level) throw new StudioError('unsupported-format', `"${name}": planes stored after the page chain have no reduced-resolution levels.`);
          if (!contiguous || where.length !== 1) throw new StudioError('truncated-file', `"${name}": plane t=${sel.t}, z=${sel.z}, c=${sel.c} is not stored in this file (${layout.note}).`);
          return await contiguous(where[0].ifd, r, sig);
        }
        const im = await page(where[0].ifd, level);
        const same = where.every((w) => w.ifd === where[0].ifd);
        const window = [r.x, r.y, r.x + r.width, r.y + r.height];
        const read = async (img: GeoTIFFImage, samples: number[]) =>
          (await img.readRasters({ window, samples, interleave: false, pool: null, signal: sig })) as unknown as ArrayLike<number>[];
        const bands = same ? await read(im, where.map((w) => w.sample))
          : await Promise.all(where.map(async (w) => (await read(await page(w.ifd, level), [w.sample]))[0]));
        const n = r.width * r.height;
        if (bands.some((b) => !b || b.length !== n)) throw truncated(name, 'TIFF', `expected ${n} pixels, decoded ${bands[0]?.length ?? 0}`);
        if (bands.length === 1) return toF32(bands[0]);
        const out = new Float32Array(n);
        const [R, G, B] = bands;
        for (let i = 0; i < n; i++) out[i] = LUMA[0] * R[i] + LUMA[1] * G[i] + LUMA[2] * B[i];
        return out;
      } catch (e) {
        throw readError(e, name, sig);
      }
    },
    close: () => { void tiff.close(); },
  };
  return source;
}
