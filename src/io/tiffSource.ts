/**
 * TIFF / BigTIFF / OME-TIFF / ImageJ hyperstack as an ImageSource, on geotiff.js. Opening reads only the
 * header and the page chain (IFDs); every readRegion decodes just the strips/tiles under its rect through
 * geotiff's `window` read, on this thread (never geotiff's worker pool: we already run in a worker).
 */
import type { GeoTIFF, GeoTIFFImage, ImageFileDirectory } from 'geotiff';
import { StudioError } from '../errors';
import { type ByteReader, geotiffOver } from './byteReader';
import { contiguousPlanes } from './contiguousPlanes';
import { checkBlocks, sampleType } from './decodeTiff';
import { checkRegionSize, checkStreamable, truncated } from './limits';
import { checkPick, checkRect, LUMA, readError } from './sourceChecks';
import type { ImageSource, PlaneSelection, Rect } from './source';
import { type PageInfo, type TiffLayout, tiffLayout } from './tiffLayout';
import type { SampleType } from './types';

/** More pages than this in one chain is a corrupt (or adversarial) file, not a stack. */
const MAX_PAGES = 1_000_000;

/** Header and first directory inside the file, before geotiff parses anything (it fails with raw RangeErrors). */
async function checkHeader(r: ByteReader, name: string): Promise<void> {
  const b = new Uint8Array(await r.read(0, 16));
  const dv = new DataView(b.buffer);
  if (b.length < 8) throw truncated(name, 'TIFF', `header needs 8 bytes, got ${b.length}`);
  const le = b[0] === 0x49;
  const big = dv.getUint16(2, le) === 43;
  if (big && b.length < 16) throw truncated(name, 'TIFF', `header needs 16 bytes, got ${b.length}`);
  const ifd = big ? Number(dv.getBigUint64(8, le)) : dv.getUint32(4, le);
  const countLen = big ? 8 : 2;
  if (ifd + countLen > r.size) throw truncated(name, 'TIFF', `first directory at byte ${ifd}, file has ${r.size}`);
  const c = new DataView(await r.read(ifd, countLen));
  const count = big ? Number(c.getBigUint64(0, le)) : c.getUint16(0, le);
  const end = ifd + countLen + count * (big ? 20 : 12) + (big ? 8 : 4);
  if (end > r.size) throw truncated(name, 'TIFF', `first directory ends at byte ${end}, file has ${r.size}`);
}

/** Walk the main page chain, stopping at a loop (a page pointing back to an earlier one). */
async function readChain(tiff: GeoTIFF, size: number, name: string): Promise<ImageFileDirectory[]> {
  const seen = new Set<number>([Number(tiff.firstIFDOffset)]);
  const out: ImageFileDirectory[] = [];
  for (let i = 0; i < MAX_PAGES; i++) {
    const fd = await tiff.requestIFD(i);
    out.push(fd);
    const next = Number(fd.nextIFDByteOffset);
    if (!next || seen.has(next)) break;
    if (next >= size) throw truncated(name, 'TIFF', `page ${i + 2} starts at byte ${next}, file has ${size}`);
    seen.add(next);
  }
  return out;
}

function pageInfo(fd: ImageFileDirectory): PageInfo {
  const bits = fd.getValue('BitsPerSample') as ArrayLike<number> | number | undefined;
  const fmt = fd.getValue('SampleFormat') as ArrayLike<number> | number | undefined;
  const first = (v: ArrayLike<number> | number | undefined, d: number) => (typeof v === 'number' ? v : v?.[0] ?? d);
  return {
    width: Number(fd.getValue('ImageWidth')), height: Number(fd.getValue('ImageLength')),
    samples: Number(fd.getValue('SamplesPerPixel') ?? 1), bits: first(bits, 1), sampleFormat: first(fmt, 1),
    reduced: ((Number(fd.getValue('NewSubfileType') ?? 0)) & 1) === 1,
  };
}

const toF32 = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

/** Open a TIFF held by `reader` as an ImageSource (header only; pixels are read per region). */
export async function openTiffSource(reader: ByteReader, name: string, signal?: AbortSignal): Promise<ImageSource> {
  await checkHeader(reader, name);
  let tiff: GeoTIFF, pages: PageInfo[], image0: GeoTIFFImage, st: SampleType, layout: TiffLayout;
  try {
    tiff = await geotiffOver(reader, signal);
    const ifds = await readChain(tiff, reader.size, name);
    pages = ifds.map(pageInfo);
    image0 = await tiff.getImage(0);
    // any size opens when its tiles/strips are small: only the header is read now, regions on demand
    checkStreamable(pages[0].width, pages[0].height, name, image0.getTileWidth(), image0.getTileHeight(), pages[0].samples * Math.ceil(pages[0].bits / 8));
    st = sampleType(image0, name);
    layout = await tiffLayout(ifds, pages, name);
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
        const im = ifd === 0 ? image0 : await tiff.getImage(ifd);
        if (im.getWidth() !== width || im.getHeight() !== height)
          throw new StudioError('unsupported-format', `"${name}": page ${ifd} is ${im.getWidth()}×${im.getHeight()}, the first page ${width}×${height}; pages of one stack must have the same size.`);
        sampleType(im, name);
        await checkBlocks(im, reader.size, name);
        return im;
      })();
      p.catch(() => checked.delete(ifd)); // a failed check (or an abort) is retried on the next read
      checked.set(ifd, p);
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
      checkRegionSize(r.width, r.height, name);
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
