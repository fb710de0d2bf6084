/**
 * The view half of the large-image path (worker/largeApi.ts): decide whether an opened file is large, open it
 * as a LargeImageView (header, levels, sampled display window), and draw regions of it by level of detail
 * from its display pyramid (store/pyramid.ts: the file's own levels, then levels built in a background pass,
 * spilled to OPFS beyond their budget). The whole plane is never held; a render reads at most the level
 * rect under its bitmap (≤ 16 level pixels per bitmap pixel, see viewer/lod.ts pickLevel).
 */
import { largePixelLimit } from './testHooks';
import { StudioError } from '../errors';
import { levelRect, levelToBase } from '../io/levels';
import { currentDevice, estimateNeed } from '../io/memory';
import { defaultChannel, type ImageSource, type PlaneSelection } from '../io/source';
import { Pyramid } from '../store/pyramid';
import { memorySpill } from '../store/spill';
import { samplePlane } from '../tiling/sampledNormalize';
import { percentiles } from '../tiling/normalize';
import { AUTO_PERCENTILES } from '../viewer/composite';
import { pickLevel, renderGrey, renderGreyInto } from '../viewer/lod';
import { sources } from './held';
import { type LargeImageView, type RegionBitmap, type RegionRequest } from './largeApi';
import { opfsAvailable, opfsSpill } from './opfsSpill';
import { checkPlane, holdSource, planeImageId } from './planes';

/** Bytes per stored sample of a source's type (for the whole-plane estimate). */
const sampleBytes = (t: string): number => (/64/.test(t) ? 8 : /32/.test(t) ? 4 : /16/.test(t) ? 2 : 1);

/**
 * True when a source's plane must not be held whole: over LARGE_PIXELS, or when the whole-plane estimate of
 * io/memory.ts does not fit this device (the file itself is not counted: it stays a File, read by region).
 */
export function isLarge(s: Pick<ImageSource, 'width' | 'height' | 'sampleType'>): boolean {
  if (s.width * s.height > largePixelLimit()) return true; // LARGE_PIXELS unless a test lowered it (testHooks.ts)
  return !estimateNeed({ width: s.width, height: s.height, bytesPerSample: sampleBytes(s.sampleType) }, currentDevice()).fits;
}

/** Pixels the display window is computed from: one coarse level read whole when the file has one this small. */
const WINDOW_SAMPLES = 2 ** 20;
/** Most level values a render reads at once (16 MiB of float32); larger level rects are read in bands. */
const BAND_PIXELS = 4 * 2 ** 20;
/** A finer level that is ready is read instead of waiting for the pass when its rect is at most this many pixels. */
const FALLBACK_PIXELS = 4 * 2 ** 20;

/** Display pyramids by model plane id (the page shows one image at a time: opening another closes them). */
const pyramids = new Map<string, Promise<Pyramid>>();

/** Stop every pyramid's background pass and release its stores (a new image is being opened). */
export function closePyramids(): void {
  for (const [id, p] of pyramids) {
    pyramids.delete(id);
    void p.then((q) => q.close(), () => undefined);
  }
}

/** The display pyramid of a plane (started on first use; built levels spill to OPFS where the worker has it). */
function pyramidOf(sourceId: string, plane: PlaneSelection): Promise<Pyramid> {
  const id = planeImageId(sourceId, plane);
  let p = pyramids.get(id);
  if (!p) {
    const s = sources.get(sourceId).source;
    checkPlane(s, plane);
    p = Pyramid.open(s, plane, { spill: opfsAvailable() ? opfsSpill : () => memorySpill() });
    p.catch(() => pyramids.delete(id));
    pyramids.set(id, p);
  }
  return p;
}

/** Display window (0.3–99.7 %) of a plane from a sample: the coarsest file level if small, else a stratified grid of windows. */
async function sampledWindow(s: ImageSource, plane: PlaneSelection): Promise<[number, number]> {
  const coarse = s.levels.length - 1;
  const l = s.levels[coarse];
  const sample = coarse > 0 && l.width * l.height <= 4 * WINDOW_SAMPLES
    ? await s.readRegion(plane, undefined, coarse)
    : await samplePlane((rect, sig) => s.readRegion(plane, rect, 0, sig), s.width, s.height, { maxSamples: WINDOW_SAMPLES });
  const finite = sample.filter(Number.isFinite);
  const [lo, hi] = percentiles(finite.length === sample.length ? sample : finite, AUTO_PERCENTILES);
  return [lo, hi];
}

/** Open an already opened source as a large image: hold it, start its pyramid, sample its window. */
export async function openLarge(source: ImageSource, t0 = performance.now()): Promise<LargeImageView> {
  closePyramids();
  const held = holdSource(source);
  const plane: PlaneSelection = { t: 0, z: 0, c: defaultChannel(source) };
  // The window first: the pyramid's background pass would otherwise compete with the sampled reads.
  const window = await sampledWindow(source, plane);
  const pyramid = await pyramidOf(held.id, plane);
  return {
    kind: 'large', sourceId: held.id, imageId: planeImageId(held.id, plane), plane, name: source.name, format: source.format,
    width: source.width, height: source.height, sampleType: source.sampleType, pixelSize: source.pixelSize,
    levels: pyramid.levels.map(({ width, height, downsample }) => ({ width, height, downsample })), fileLevels: source.levels.length,
    axes: { sizeT: source.sizeT, sizeZ: source.sizeZ, sizeC: source.sizeC, channelNames: source.channelNames.slice(), rgb: source.rgb, pixelSize: source.pixelSize },
    window, openMs: performance.now() - t0,
  };
}

/** RGBA of `req` at the coarsest level with ≥ 1 level pixel per bitmap pixel (a finer ready one while that is being built). */
export async function renderImageRegion(sourceId: string, plane: PlaneSelection, req: RegionRequest, window: [number, number]): Promise<RegionBitmap> {
  const { rect, outWidth, outHeight } = req;
  const s = sources.get(sourceId).source;
  if (!(outWidth >= 1 && outHeight >= 1 && outWidth * outHeight <= 64 * 2 ** 20) || rect.width < 1 || rect.height < 1 || rect.x < 0 || rect.y < 0 || rect.x + rect.width > s.width || rect.y + rect.height > s.height)
    throw new StudioError('internal', `renderImageRegion: ${rect.width}×${rect.height} at (${rect.x}, ${rect.y}) → ${outWidth}×${outHeight} is not a region of ${s.width}×${s.height}`);
  const p = await pyramidOf(sourceId, plane);
  let k = pickLevel(p.levels, rect, outWidth, outHeight);
  if (!p.ready(k, levelRect(rect, p.levels[k]))) {
    // Still being built: a finer level that can answer now and is not much larger, else wait for the pass.
    const finer = p.levels
      .map((l, i) => ({ l, i }))
      .filter(({ l, i }) => l.downsample < p.levels[k].downsample && p.ready(i, levelRect(rect, l)))
      .sort((a, b) => b.l.downsample - a.l.downsample)
      .find(({ l }) => { const r = levelRect(rect, l); return r.width * r.height <= FALLBACK_PIXELS; });
    if (finer) k = finer.i;
    else if (p.building) {
      // Draw what the pass has built so far, from the coarsest level (all levels advance together; a preview
      // must cost the pass little); the page asks again (progressive first screen, with progress).
      const c = p.levels.reduce((b, l, i) => (l.downsample > p.levels[b].downsample ? i : b), k);
      const part = p.readBuilt(c, rect);
      return { rgba: renderGrey(part.values, p.levels[c], req, window), width: outWidth, height: outHeight, level: c, pending: part.done };
    }
  }
  const level = p.levels[k];
  const l = levelRect(rect, level);
  if (l.width * l.height <= BAND_PIXELS) {
    const { values } = await p.read(k, rect);
    return { rgba: renderGrey(values, level, req, window), width: outWidth, height: outHeight, level: k };
  }
  // A level rect of up to 16× the bitmap (a 4K screen at dpr 2 just above ÷4 would be 130 MP): read it in
  // bands of full rows, so a render holds at most BAND_PIXELS values whatever the screen.
  const rgba = new Uint8ClampedArray(outWidth * outHeight * 4);
  const rows = Math.max(1, Math.floor(BAND_PIXELS / l.width));
  for (let y = l.y; y < l.y + l.height; y += rows) {
    const band = { x: l.x, y, width: l.width, height: Math.min(rows, l.y + l.height - y) };
    const got = await p.read(k, levelToBase(band, level, s.width, s.height));
    renderGreyInto(rgba, got.values, got.rect, level, req, window);
  }
  return { rgba, width: outWidth, height: outHeight, level: k };
}
