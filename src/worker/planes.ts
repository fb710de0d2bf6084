/**
 * Open files as image sources (io/source.ts) and the planes read from them. A model plane (source, t, z,
 * channel) has a fixed id, so the page can ask for the same plane again (contrast change, worker LRU drop) and
 * segment / ground truth / baseline / compare keep working on it exactly as on a single-plane image. Display
 * channels are read, drawn and let go; only the model plane is held.
 */
import { StudioError } from '../errors';
import { defaultChannel, planeIndex, type ChannelPick, type ImageSource, type PlaneSelection } from '../io/source';
import { imageWarnings, replaceNonFinite } from '../io/warnings';
import { channelStats, compositeRgba } from '../viewer/composite';
import type { ChannelDisplay, ChannelView, DisplaySettings, ImageView } from './api';
import { images, nextId, sources, type HeldImage, type HeldSource } from './held';

/** The id of a model plane: "<sourceId>:<t>:<z>:<c>". */
export const planeImageId = (sourceId: string, p: PlaneSelection): string => `${sourceId}:${p.t}:${p.z}:${p.c}`;

/** Ground truth is per plane, whatever channel the model reads: "<sourceId>:<t>:<z>". */
export const truthKey = (imageId: string): string => imageId.split(':').slice(0, 3).join(':');

/** Parse a plane id; undefined for anything else. */
export function parsePlaneId(id: string): { sourceId: string; plane: PlaneSelection } | undefined {
  const m = /^([^:]+):(\d+):(\d+):(\d+|luminance)$/.exec(id);
  if (!m) return undefined;
  const c: ChannelPick = m[4] === 'luminance' ? 'luminance' : Number(m[4]);
  return { sourceId: m[1], plane: { t: Number(m[2]), z: Number(m[3]), c } };
}

/** Hold an opened source under a new id. */
export function holdSource(source: ImageSource): HeldSource {
  const held = { id: nextId('img'), source };
  sources.put(held.id, held);
  return held;
}

/** Refuse planes and channels the source does not have, naming what it has. */
export function checkPlane(s: ImageSource, p: PlaneSelection): void {
  const bad = (what: string) => {
    throw new StudioError('internal', `“${s.name}” has ${s.sizeT} time point(s), ${s.sizeZ} z slice(s) and ${s.sizeC} channel(s) (counting from 0); ${what} is not one of them.`);
  };
  if (!Number.isInteger(p.t) || p.t < 0 || p.t >= s.sizeT) bad(`t = ${p.t}`);
  if (!Number.isInteger(p.z) || p.z < 0 || p.z >= s.sizeZ) bad(`z = ${p.z}`);
  if (p.c === 'luminance' ? !s.rgb : !Number.isInteger(p.c) || p.c < 0 || p.c >= s.sizeC) bad(`channel ${p.c}`);
}

/** Read one whole plane of a source as a held model plane (not put in the LRU). */
export async function readPlane(src: HeldSource, plane: PlaneSelection): Promise<HeldImage> {
  const s = src.source;
  checkPlane(s, plane);
  const data = await s.readRegion(plane);
  // NaN/Inf become the smallest finite value before anything else sees them (display, normalisation, tiling).
  const warnings = imageWarnings(data, replaceNonFinite(data)).map((w) => w.message);
  const id = planeImageId(src.id, plane);
  return { id, name: s.name, sourceId: src.id, plane, pixelSize: s.pixelSize, data, width: s.width, height: s.height, sampleType: s.sampleType, format: s.format, note: s.note, warnings };
}

/** The model plane `imageId`, read again from its source when the LRU dropped it. */
export async function planeImage(imageId: string): Promise<HeldImage> {
  const held = images.peek(imageId);
  if (held) return images.get(imageId);
  const p = parsePlaneId(imageId);
  if (!p) return images.get(imageId); // throws the LRU's "no longer holds" message
  const img = await readPlane(sources.get(p.sourceId), p.plane);
  images.put(imageId, img);
  return img;
}

/** The channels shown by default: R, G, B of a colour image in their colours, else the model channel in grey. */
function defaultDisplay(s: ImageSource, modelChannel: ChannelPick): ChannelDisplay[] {
  if (s.rgb) {
    // A colour photo keeps its colour balance: the full 8-bit range rather than per-channel percentiles.
    const window: [number, number] | undefined = s.sampleType === 'uint8' ? [0, 255] : undefined;
    return ['#ff0000', '#00ff00', '#0000ff'].map((color, c) => ({ channel: c, color, window }));
  }
  return [{ channel: modelChannel === 'luminance' ? 0 : modelChannel, color: '#ffffff' }];
}

const channelName = (s: ImageSource, c: ChannelPick) => (c === 'luminance' ? 'Luminance' : s.channelNames[c] ?? `C${c}`);

/** Show `plane` of an open file: hold its model plane, draw the display channels, return the view. */
export async function viewPlane(sourceId: string, plane: PlaneSelection, display?: DisplaySettings): Promise<ImageView> {
  const src = sources.get(sourceId);
  const s = src.source;
  checkPlane(s, plane);
  const img = await planeImage(planeImageId(sourceId, plane));
  const wanted = display?.channels.length ? display.channels : defaultDisplay(s, plane.c);
  const layers = [];
  const views: ChannelView[] = [];
  for (const d of wanted) {
    const sel = { t: plane.t, z: plane.z, c: d.channel };
    checkPlane(s, sel);
    const data = d.channel === plane.c ? img.data : await s.readRegion(sel);
    const stats = channelStats(data);
    const window = d.window ?? stats.auto;
    layers.push({ data, window, color: d.color });
    views.push({ ...stats, channel: d.channel, name: channelName(s, d.channel), color: d.color, window });
  }
  const rgba = compositeRgba(layers, s.width, s.height);
  return {
    imageId: img.id, sourceId, plane, name: s.name, width: s.width, height: s.height, sampleType: s.sampleType,
    format: s.format, note: s.note, rgba, display: views, warnings: img.warnings ?? [],
    axes: { sizeT: s.sizeT, sizeZ: s.sizeZ, sizeC: s.sizeC, channelNames: s.channelNames.slice(), rgb: s.rgb, pixelSize: s.pixelSize },
  };
}

/** Open a source and show its first plane with the default model channel (luminance for RGB, else 0). */
export function viewFirstPlane(source: ImageSource): Promise<ImageView> {
  const held = holdSource(source);
  return viewPlane(held.id, { t: 0, z: 0, c: defaultChannel(source) });
}

/** The linear plane index (t·sizeZ + z) of a model plane id. */
export function planeIndexOf(imageId: string): number {
  const p = parsePlaneId(imageId);
  if (!p) return 0;
  return planeIndex(sources.get(p.sourceId).source, p.plane);
}
