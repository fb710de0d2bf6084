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
import { checkSize, truncated } from './limits';
import { type PageRef, walkPages } from './tiffPages';
import { checkPick, checkRect, LUMA, readError } from './sourceChecks';
import type { ImageSource, PlaneSelection, Rect } from './source';
import { type TiffLayout, tiffLayout } from './tiffLayout';
import type { SampleType } from './types';

/** Parsed pages kept for reuse (oldest dropped first); page 0 is always held by the source itself. */
const MAX_OPEN_PAGES = 64;

const toF32 = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

/** Open a TIFF held by `reader` as an ImageSource (header only; pixels are read per region). */
export async function openTiffSource(reader: ByteReader, name: string, signal?: AbortSignal): Promise<ImageSource> {
  let tiff: GeoTIFF, pages: PageRef[], image0: GeoTIFFImage, st: SampleType, layout: TiffLayout;
  try {
    ({ pages } = await walkPages(reader, name));
    checkSize(pages[0].width, pages[0].height, name);
    tiff = await geotiffOver(reader, signal);
    image0 = await tiff.getImage(0);
    st = sampleType(image0, name);
    layout = await tiffLayout(image0.fileDirectory, pages, name);
  } catch (e) {
    throw readError(e, name, signal);
  }
  const { width, height } = pages[0];
  const planes = layout.sizeT * layout.sizeZ * layout.sizeC;
  const contiguous = pages.length === 1 && planes > 1 && layout.format === 'imagej-tiff'
    ? await contiguousPlanes(image0, st, planes, reader, name).catch((e) => { throw readError(e, name, signal); })
    : null;
  const checked = new Map<number, Promise<GeoTIFFImage>>();

  /** The page of plane `ifd`, its blocks checked against the file size once. */
  const page = (ifd: number): Promise<GeoTIFFImage> => {
    let p = checked.get(ifd);
    if (!p) {
      p = (async () => {
        // Parse this page only now (walkPages gave its offset): opening a 100k-page stack stays cheap.
        const im = ifd === 0 ? image0 : new GeoTIFFImage(await tiff.parser.parseFileDirectoryAt(pages[ifd].offset), tiff.littleEndian, false, tiff.source);
        if (im.getWidth() !== width || im.getHeight() !== height)
          throw new StudioError('unsupported-format', `"${name}": page ${ifd + 1} is ${im.getWidth()}×${im.getHeight()}, the first page ${width}×${height}; pages of one stack must have the same size.`);
        const pst = sampleType(im, name);
        if (pst !== st) throw new StudioError('unsupported-format', `"${name}": page ${ifd + 1} stores ${pst}, the first page ${st}; pages of one stack must have the same sample type.`);
        await checkBlocks(im, reader.size, name);
        return im;
      })();
      p.catch(() => checked.delete(ifd)); // a failed check (or an abort) is retried on the next read
      checked.set(ifd, p);
      // Bounded: a 100k-plane run must not keep every parsed directory (tag arrays included) alive.
      if (checked.size > MAX_OPEN_PAGES) checked.delete(checked.keys().next().value!);
    }
    return p;
  };

  const source: ImageSource = {
    name, format: layout.format, width, height, sizeT: layout.sizeT, sizeZ: layout.sizeZ, sizeC: layout.sizeC,
    sampleType: st, pixelSize: layout.pixelSize, channelNames: layout.channelNames, rgb: layout.rgb,
    levels: [{ width, height, downsample: 1 }], note: layout.note,
    async readRegion(sel: PlaneSelection, rect?: Rect, level = 0, sig?: AbortSignal): Promise<Float32Array> {
      checkPick(source, sel, level);
      const r = checkRect(rect, width, height);
      const chans = sel.c === 'luminance' ? (layout.rgb ? [0, 1, 2] : [0]) : [sel.c];
      const where = chans.map((c) => layout.locate(sel.t, sel.z, c));
      if (where.some((w) => w.ifd < 0))
        throw new StudioError('truncated-file', `"${name}": plane t=${sel.t}, z=${sel.z}, c=${sel.c} is not stored in this file (${layout.note}).`);
      try {
        if (where[0].ifd >= pages.length) {
          if (!contiguous || where.length !== 1) throw new StudioError('truncated-file', `"${name}": plane t=${sel.t}, z=${sel.z}, c=${sel.c} is not stored in this file (${layout.note}).`);
          return await contiguous(where[0].ifd, r, sig);
        }
        const im = await page(where[0].ifd);
        const same = where.every((w) => w.ifd === where[0].ifd);
        const window = [r.x, r.y, r.x + r.width, r.y + r.height];
        const read = async (img: GeoTIFFImage, samples: number[]) =>
          (await img.readRasters({ window, samples, interleave: false, pool: null, signal: sig })) as unknown as ArrayLike<number>[];
        const bands = same ? await read(im, where.map((w) => w.sample))
          : await Promise.all(where.map(async (w) => (await read(await page(w.ifd), [w.sample]))[0]));
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
