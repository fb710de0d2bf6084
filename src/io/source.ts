/**
 * The one image model of the studio (ARCHITECTURE.md "Next shape", after viv's PixelSource): every decoder
 * (TIFF / OME-TIFF / ImageJ hyperstack, PNG, JPEG) implements `ImageSource`, and every consumer — tiling,
 * normalisation, display, metrics, exports, the CLI — sees only this interface. Nothing reads a whole plane
 * where a region will do.
 *
 * Axes are OME's T, Z, C, Y, X; indices count from 0 (as OME and `npm run segment --channel/--planes` do).
 * Values come back as float32 in their original units (not normalised), row-major over the rect.
 */
import type { SampleType } from './types';

/** A rectangle in level-0 pixel coordinates (x, y: top-left; inclusive start, exclusive end). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Physical size of one pixel; `unit` is always micrometres (OME `PhysicalSizeXUnit` etc. are converted). */
export interface PixelSize {
  x: number;
  y: number;
  /** Z step between planes, when the file says it. */
  z?: number;
  unit: 'µm';
}

/**
 * Which channel the model (or the display) reads: an index 0..sizeC−1, or 'luminance' for RGB sources
 * (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), which is their default model input.
 */
export type ChannelPick = number | 'luminance';

/** One plane of a source: time point, z slice and channel. */
export interface PlaneSelection {
  t: number;
  z: number;
  c: ChannelPick;
}

export interface SourceLevel {
  /** Level size in its own pixels; level 0 is full resolution. */
  width: number;
  height: number;
  /** Level-0 pixels per level pixel along x (and y), e.g. 1, 2, 4 … */
  downsample: number;
}

export interface ImageSource {
  /** File name, for messages and outputs. */
  readonly name: string;
  /** 'ome-tiff' | 'imagej-tiff' | 'tiff' | 'png' | 'jpeg' */
  readonly format: string;
  /** Level-0 plane size. */
  readonly width: number;
  readonly height: number;
  readonly sizeT: number;
  readonly sizeZ: number;
  readonly sizeC: number;
  /** What the file stores, per sample. */
  readonly sampleType: SampleType;
  /** Pixel size from OME-XML PhysicalSizeX/Y or ImageJ's resolution tags; undefined when the file does not say. */
  readonly pixelSize?: PixelSize;
  /** One name per channel (OME Channel Name, "R"/"G"/"B" for RGB, else "C0", "C1" …). */
  readonly channelNames: string[];
  /** True when the channels are the R, G, B samples of a colour image ('luminance' is then a valid pick). */
  readonly rgb: boolean;
  /** Resolution levels, [0] = full resolution; length 1 when the file has no pyramid. */
  readonly levels: SourceLevel[];
  /** What was noticed while reading the header (e.g. "OME-TIFF, DimensionOrder XYZCT"), or ''. */
  readonly note: string;
  /**
   * Values of one plane inside `rect` (level-0 coordinates, whole plane when omitted) at `level` (default 0;
   * the rect is then divided by that level's downsample). Rejects with a StudioError for out-of-range
   * selections or unreadable data; `signal` aborts a pending read.
   */
  readRegion(sel: PlaneSelection, rect?: Rect, level?: number, signal?: AbortSignal): Promise<Float32Array>;
  /** Release file handles / caches (no-op for in-memory sources). */
  close?(): void;
}

/** The default model input of a source: luminance for RGB, else channel 0. */
export const defaultChannel = (s: Pick<ImageSource, 'rgb'>): ChannelPick => (s.rgb ? 'luminance' : 0);

/** Planes in the order a stack run visits them: every T, every Z, for one channel. */
export function stackPlanes(s: Pick<ImageSource, 'sizeT' | 'sizeZ'>, c: ChannelPick): PlaneSelection[] {
  const out: PlaneSelection[] = [];
  for (let t = 0; t < s.sizeT; t++) for (let z = 0; z < s.sizeZ; z++) out.push({ t, z, c });
  return out;
}

/** Linear plane index (t·Z + z) used for per-plane results, labels pages and `--planes N`. */
export const planeIndex = (s: Pick<ImageSource, 'sizeZ'>, p: Pick<PlaneSelection, 't' | 'z'>): number => p.t * s.sizeZ + p.z;

/** Pixel size as people write it, e.g. "0.325 × 0.325 µm (z 1.5 µm)", or null when the file does not say. */
export function formatPixelSize(p: PixelSize | undefined): string | null {
  if (!p) return null;
  const n = (v: number) => String(Number(v.toPrecision(4)));
  const xy = p.x === p.y ? `${n(p.x)} µm` : `${n(p.x)} × ${n(p.y)} µm`;
  return p.z === undefined ? xy : `${xy} (z ${n(p.z)} µm)`;
}

/** One line for the info panel / CLI: format, axes with sizes (only those above 1 besides Y, X), type, pixel size. */
export function describeSource(s: Pick<ImageSource, 'format' | 'width' | 'height' | 'sizeT' | 'sizeZ' | 'sizeC' | 'sampleType' | 'pixelSize' | 'rgb'>): string {
  const axes = [s.sizeT > 1 ? `T ${s.sizeT}` : '', s.sizeZ > 1 ? `Z ${s.sizeZ}` : '', s.rgb ? 'RGB' : s.sizeC > 1 ? `C ${s.sizeC}` : '']
    .filter(Boolean);
  const px = formatPixelSize(s.pixelSize);
  return [s.format.toUpperCase(), `${s.width}×${s.height}`, ...axes, s.sampleType, px ? `${px} per pixel` : 'pixel size unknown'].join(' · ');
}
