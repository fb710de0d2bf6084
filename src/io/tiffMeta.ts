/**
 * What a TIFF's ImageDescription says about its axes: OME-XML (OME-TIFF) and ImageJ's `key=value` header.
 * Pure string parsing (no DOMParser: it does not exist in workers or Node). Only the first OME Image (series)
 * is read; the studio shows one series per file.
 */

/** OME `UnitsLength` → micrometres per unit; 'pixel' and 'reference frame' have no physical size. */
const UM_PER_UNIT: Record<string, number> = {
  Ym: 1e30, Zm: 1e27, Em: 1e24, Pm: 1e21, Tm: 1e18, Gm: 1e15, Mm: 1e12, km: 1e9, hm: 1e8, dam: 1e7,
  m: 1e6, dm: 1e5, cm: 1e4, mm: 1e3, 'µm': 1, 'μm': 1, um: 1, micron: 1, microns: 1, nm: 1e-3, pm: 1e-6,
  fm: 1e-9, am: 1e-12, zm: 1e-15, ym: 1e-18, 'Å': 1e-4, '\u212B': 1e-4, thou: 25.4, li: 2116.6667, in: 25400,
  inch: 25400, ft: 304800, yd: 914400, mi: 1.609344e9, ua: 1.495978707e17, ly: 9.4607304725808e21,
  pc: 3.0856776e22, pt: 352.77778,
};

/** Micrometres for `value` in `unit` (OME or ImageJ spelling, incl. ImageJ's literal "\u00B5m"); undefined if unknown. */
export function toMicrometres(value: number, unit: string | undefined): number | undefined {
  if (!(value > 0) || !Number.isFinite(value)) return undefined;
  const u = (unit ?? 'µm').trim().replace(/\\u00[bB]5/g, 'µ');
  const f = UM_PER_UNIT[u];
  return f === undefined ? undefined : value * f;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? m));

/** Attributes of one start tag's attribute text, e.g. ` SizeX="21" Name="a &amp; b"`. */
function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1].replace(/^\w+:/, '')] = unescapeXml(m[3] ?? m[4]);
  return out;
}

/** One OME `TiffData` block: planes from (FirstZ, FirstC, FirstT) on, in DimensionOrder, stored from IFD on. */
export interface OmeTiffData {
  ifd?: number;
  firstZ: number;
  firstC: number;
  firstT: number;
  planeCount?: number;
  /** `UUID FileName` when the block points into a file of a multi-file set. */
  fileName?: string;
}

export interface OmeMeta {
  dimensionOrder: string;
  sizeX: number;
  sizeY: number;
  sizeZ: number;
  sizeC: number;
  sizeT: number;
  type?: string;
  /** µm, undefined when absent or in a unit without physical size. */
  physicalSizeX?: number;
  physicalSizeY?: number;
  physicalSizeZ?: number;
  channelNames: (string | undefined)[];
  /** SamplesPerPixel of each Channel element (an RGB channel has 3). */
  channelSamples: number[];
  tiffData: OmeTiffData[];
  /** Number of Image elements (series) in the file. */
  imageCount: number;
}

const int = (s: string | undefined, dflt: number): number => {
  const n = s === undefined ? NaN : Number(s);
  return Number.isInteger(n) && n >= 0 ? n : dflt;
};

/** Parse the first Image of an OME-XML document; null when the text is not OME-XML or has no Pixels. */
export function parseOmeXml(xml: string): OmeMeta | null {
  if (!/<(\w+:)?OME[\s>]/.test(xml)) return null;
  const imageStart = xml.search(/<(\w+:)?Image[\s>]/);
  if (imageStart < 0) return null;
  const imageEnd = xml.slice(imageStart).search(/<\/(\w+:)?Image\s*>/);
  const image = imageEnd < 0 ? xml.slice(imageStart) : xml.slice(imageStart, imageStart + imageEnd);
  const pm = /<(\w+:)?Pixels\b([^>]*)>/.exec(image);
  if (!pm) return null;
  const p = attrs(pm[2]);
  const pixels = image.slice(pm.index);
  const channels = [...pixels.matchAll(/<(\w+:)?Channel\b([^>]*?)\/?>/g)].map((m) => attrs(m[2]));
  const tiffData: OmeTiffData[] = [];
  for (const m of pixels.matchAll(/<(\w+:)?TiffData\b([^>]*?)(\/>|>([\s\S]*?)<\/(\w+:)?TiffData\s*>)/g)) {
    const a = attrs(m[2]);
    const uuid = m[4] ? /<(\w+:)?UUID\b([^>]*)>/.exec(m[4]) : null;
    tiffData.push({
      ifd: a.IFD === undefined ? undefined : int(a.IFD, 0),
      firstZ: int(a.FirstZ, 0), firstC: int(a.FirstC, 0), firstT: int(a.FirstT, 0),
      planeCount: a.PlaneCount === undefined ? undefined : int(a.PlaneCount, 0),
      fileName: uuid ? attrs(uuid[2]).FileName : undefined,
    });
  }
  return {
    dimensionOrder: /^XY[ZCT]{3}$/.test(p.DimensionOrder ?? '') ? p.DimensionOrder : 'XYZCT',
    sizeX: int(p.SizeX, 0), sizeY: int(p.SizeY, 0),
    sizeZ: Math.max(1, int(p.SizeZ, 1)), sizeC: Math.max(1, int(p.SizeC, 1)), sizeT: Math.max(1, int(p.SizeT, 1)),
    type: p.Type,
    physicalSizeX: toMicrometres(Number(p.PhysicalSizeX), p.PhysicalSizeXUnit),
    physicalSizeY: toMicrometres(Number(p.PhysicalSizeY), p.PhysicalSizeYUnit),
    physicalSizeZ: toMicrometres(Number(p.PhysicalSizeZ), p.PhysicalSizeZUnit),
    channelNames: channels.map((c) => c.Name),
    channelSamples: channels.map((c) => Math.max(1, int(c.SamplesPerPixel, 1))),
    tiffData,
    imageCount: [...xml.matchAll(/<(\w+:)?Image[\s>]/g)].length,
  };
}

export interface ImageJMeta {
  images: number;
  channels: number;
  slices: number;
  frames: number;
  /** Length unit of the resolution tags and `spacing`, as written (e.g. "micron", "\u00B5m"). */
  unit?: string;
  spacing?: number;
}

/** Parse ImageJ's description (`ImageJ=1.x\nimages=12\nchannels=2\n…`); null when it is not one. */
export function parseImageJ(desc: string): ImageJMeta | null {
  if (!desc.startsWith('ImageJ=')) return null;
  const kv = new Map<string, string>();
  for (const line of desc.split(/\r?\n/)) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const n = (k: string) => int(kv.get(k), 0);
  const images = Math.max(1, n('images'));
  let channels = Math.max(1, n('channels')), slices = Math.max(1, n('slices')), frames = Math.max(1, n('frames'));
  // A plain ImageJ stack says only images=N: those are slices (ImageJ's own default).
  if (channels * slices * frames !== images && !kv.has('slices') && !kv.has('frames')) slices = Math.max(1, Math.floor(images / channels));
  const spacing = Number(kv.get('spacing'));
  return { images, channels, slices, frames, unit: kv.get('unit'), spacing: spacing > 0 ? spacing : undefined };
}

/**
 * Linear plane index of (z, c, t) for an OME DimensionOrder such as "XYZCT" (the first of Z/C/T varies
 * fastest). ImageJ hyperstacks are "XYCZT".
 */
export function planeOrderIndex(order: string, sizes: { z: number; c: number; t: number }, at: { z: number; c: number; t: number }): number {
  const dims = order.slice(2).toLowerCase().split('') as ('z' | 'c' | 't')[];
  let idx = 0, stride = 1;
  for (const d of dims) {
    idx += at[d] * stride;
    stride *= sizes[d];
  }
  return idx;
}
