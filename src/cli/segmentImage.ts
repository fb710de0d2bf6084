/**
 * One image of `npm run segment`, through the studio's pipeline: openSource → per plane readRegion → normalise
 * (card) → segmentTiled (onnxruntime-node, evalCore `predict`) → threshold → 8-connected components → 16-bit
 * labels, and with a paired mask pixel IoU/Dice (`scores(confusion(...))`, as `npm run eval` and the studio) and
 * object F1 at IoU ≥ 0.5 (`matchObjects`, as the studio's Metrics panel). Writes nothing: segmentOutputs.ts does.
 */
import { basename } from 'node:path';
import { StudioError } from '../errors';
import { maskFromValues, type DecodedMask } from '../io/decodeMask';
import { openSourceFromFile } from '../io/openSourceNode';
import { imageWarnings, replaceNonFinite } from '../io/warnings';
import { defaultChannel, planeIndex, stackPlanes, type ChannelPick, type ImageSource, type PixelSize, type PlaneSelection } from '../io/source';
import { labelComponents } from '../metrics/components';
import { confusion } from '../metrics/confusion';
import { matchObjects } from '../metrics/objectMatch';
import { scores } from '../metrics/scores';
import { truthObjects } from '../metrics/truthLabels';
import { thresholdMask } from '../tiling/threshold';
import { predict } from './evalCore';
import type { ModelSession } from './nodeSession';
import type { SummaryRow } from './segmentCsv';

export interface ImageOptions {
  channel?: number;
  planes: 'all' | number;
  /** Probability threshold; undefined: the card's. */
  threshold?: number;
  batch: number;
  /** Keep each plane's raw values (PlaneResult.raw) for the object measurements' intensities. */
  keepRaw?: boolean;
  /** Planes above this many megapixels are streamed (segmentLarge.ts); default STREAM_ABOVE_MP. */
  streamAboveMp?: number;
  /** Result-tile memory budget of a streamed image, MB. */
  budgetMb?: number;
  /** Tile of a streamed image: 'auto' (chooseTile, default) or 'card'. */
  streamTile?: 'auto' | 'card';
  /** A streamed image also writes NAME.ome.zarr. */
  omeZarr?: boolean;
  /** The paired mask file, when --masks has one for this image. */
  maskPath?: string;
  /** After each plane: k of n done (1-based). */
  onPlane?: (k: number, n: number, row: SummaryRow) => void;
}

/** One segmented plane: what every output format is written from. */
export interface PlaneResult {
  /** Linear plane index t·Z + z of the input. */
  plane: number;
  /** Object labels 1..objects (0 = background). */
  labels: Uint16Array;
  /** 1 = foreground at the threshold, 0 = background. */
  mask: Uint8Array;
  /** The plane's raw values (model input channel), when `keepRaw`. */
  raw?: Float32Array;
  row: SummaryRow;
}

/** The geometry an image's outputs need, known before its first plane is segmented. */
export interface ImageMeta {
  name: string;
  width: number;
  height: number;
  /** Axes of the labels stack: the input's Z and T for `--planes all`, 1 × 1 for one plane. */
  sizeZ: number;
  sizeT: number;
  pixelSize?: PixelSize;
}

/** A segmented image held whole (tests and small scripts; the CLI streams planes to an ImageWriter instead). */
export interface ImageResult extends ImageMeta {
  planes: PlaneResult[];
}

/** Where the planes go as they are segmented (segmentOutputs.ts `ImageWriter`). */
export interface PlaneSink {
  plane(p: PlaneResult): void;
}

const fail = (msg: string) => new StudioError('size-mismatch', msg);

/** The model input channel: --channel (0-based, R/G/B for RGB) or the source's default; checked against sizeC. */
export function pickChannel(src: Pick<ImageSource, 'sizeC' | 'rgb' | 'channelNames'>, channel?: number): ChannelPick {
  if (channel === undefined) return defaultChannel(src);
  if (channel >= src.sizeC)
    throw fail(`--channel ${channel} does not exist: the image has ${src.sizeC} channel${src.sizeC === 1 ? '' : 's'} (${src.channelNames.join(', ')}), counted from 0`);
  return channel;
}

/** The planes to segment: every T and Z, or the one linear index `--planes N`. */
export function pickPlanes(src: Pick<ImageSource, 'sizeT' | 'sizeZ'>, c: ChannelPick, planes: 'all' | number): PlaneSelection[] {
  const all = stackPlanes(src, c);
  if (planes === 'all') return all;
  if (planes >= all.length)
    throw fail(`--planes ${planes} does not exist: the image has ${all.length} plane${all.length === 1 ? '' : 's'} (T ${src.sizeT} × Z ${src.sizeZ}), counted from 0`);
  return [all[planes]];
}

/** Mask planes for the image's planes: one mask plane for a one-plane result, or one per input plane. */
async function openMask(path: string, img: ImageSource, count: number): Promise<{ read: (sel: PlaneSelection) => Promise<DecodedMask>; source: ImageSource }> {
  const m = await openSourceFromFile(path);
  try {
    return { read: await pairMask(m, path, img, count), source: m };
  } catch (e) {
    m.close?.();
    throw e;
  }
}

async function pairMask(m: ImageSource, path: string, img: ImageSource, count: number): Promise<(sel: PlaneSelection) => Promise<DecodedMask>> {
  if (m.width !== img.width || m.height !== img.height)
    throw fail(`the image is ${img.width}×${img.height} but its mask ${path} is ${m.width}×${m.height}`);
  const mPlanes = m.sizeT * m.sizeZ, iPlanes = img.sizeT * img.sizeZ;
  const read = async (t: number, z: number) => maskFromValues({ data: await m.readRegion({ t, z, c: 0 }), width: m.width, height: m.height }, false, basename(path));
  if (mPlanes === 1 && count === 1) return () => read(0, 0);
  if (mPlanes === iPlanes && m.sizeZ === img.sizeZ) return (sel) => read(sel.t, sel.z);
  throw fail(`the mask ${path} has ${mPlanes} plane${mPlanes === 1 ? '' : 's'} but ${count} plane${count === 1 ? ' is' : 's are'} segmented (of ${iPlanes}); give one mask plane per image plane`);
}

/**
 * Segment one file, plane by plane into the sink `open` returns for the image's geometry (one plane in memory at
 * a time); rejects with a StudioError (or the decoder's error) whose message is the file's stderr line.
 */
export async function segmentImage(path: string, name: string, model: ModelSession, opts: ImageOptions, open: (meta: ImageMeta) => PlaneSink): Promise<ImageMeta> {
  const src = await openSourceFromFile(path); // reads planes from the file as they are needed, never the whole stack
  let mask: Awaited<ReturnType<typeof openMask>> | undefined;
  try {
    const c = pickChannel(src, opts.channel);
    const sels = pickPlanes(src, c, opts.planes);
    const t = opts.threshold ?? model.card.threshold;
    mask = opts.maskPath ? await openMask(opts.maskPath, src, sels.length) : undefined;
    const { width, height } = src;
    const whole = opts.planes === 'all';
    const meta: ImageMeta = { name, width, height, sizeZ: whole ? src.sizeZ : 1, sizeT: whole ? src.sizeT : 1, pixelSize: src.pixelSize };
    const sink = open(meta);
    for (const [k, sel] of sels.entries()) {
      const data = await src.readRegion(sel);
      // NaN/Inf → the smallest finite value, exactly as the studio's worker (io/warnings.ts), and the same warnings
      const warnings = imageWarnings(data, replaceNonFinite(data)).map((w) => w.message);
      const prob = await predict(model, { data, width, height }, opts.batch);
      const fg = thresholdMask(prob, t);
      const comps = labelComponents(fg, width, height);
      if (comps.count > 0xffff)
        throw fail(`plane ${planeIndex(src, sel)} has ${comps.count} objects; 16-bit labels hold at most 65535 (raise --threshold or split the image)`);
      let fgCount = 0;
      for (let i = 0; i < fg.length; i++) fgCount += fg[i];
      const row: SummaryRow = { name, plane: planeIndex(src, sel), width, height, objects: comps.count, foregroundFraction: fgCount / fg.length, warnings };
      if (mask) {
        const gt = await mask.read(sel);
        warnings.push(...gt.warnings.map((w) => w.message));
        const s = scores(confusion(prob, gt.binary, t));
        const truth = truthObjects(gt);
        row.metrics = { iou: s.iou, dice: s.dice, f1: matchObjects(comps.labels, truth.labels, comps.count, truth.count).f1 };
      }
      sink.plane({ plane: row.plane, labels: Uint16Array.from(comps.labels), mask: fg, raw: opts.keepRaw ? data : undefined, row });
      opts.onPlane?.(k + 1, sels.length, row);
    }
    return meta;
  } finally {
    src.close?.();
    mask?.source.close?.();
  }
}
