/**
 * The large-image surface of the worker API (issue #12, ARCHITECTURE.md "Next shape"): images whose whole
 * plane should never be held (over LARGE_PIXELS, or whose whole-plane estimate does not fit) are opened from
 * the person's File/Blob (never read whole), drawn by level of detail, segmented by streaming regions through
 * the tile engine into a TileStore, and exported by streaming.
 *
 * Contract between the page (viewer, controls) and the worker: the page only ever receives bitmaps of what is
 * on screen and small summaries. Two halves implement it:
 * - view half (largeView.ts in the worker, the LOD viewer in the page): openLargeImage, renderImageRegion;
 * - run half (largeRun.ts in the worker): segmentLarge, renderRunOverlay, largeRunCounts, largeMetrics,
 *   exportLargeRun.
 * Both are mixed into WorkerApi (api.ts) like EditWorkerApi.
 */
import type { Rect, PixelSize, PlaneSelection, SourceLevel } from '../io/source';
import type { SampleType } from '../io/types';
import type { BackendInfo, ImageAxes, Progress, SegmentOptions } from './api';
import type { AnalysisProgress } from './largePace';

/** Planes above this many pixels open as large images (whole-plane path below it). */
export const LARGE_PIXELS = 64_000_000;

/** What the page needs to show a large image (no pixels but the overview bitmap). */
export interface LargeImageView {
  kind: 'large';
  /** Source id (held in the worker's `sources`), as for ordinary images. */
  sourceId: string;
  /** The model plane id (planes.ts planeImageId) the run half segments. */
  imageId: string;
  plane: PlaneSelection;
  name: string;
  format: string;
  width: number;
  height: number;
  sampleType: SampleType;
  pixelSize?: PixelSize;
  /** The file's own levels plus those built on the fly, [0] = full resolution. */
  levels: SourceLevel[];
  /** How many of `levels` (the first ones) are the file's own; the rest are built in the background. */
  fileLevels?: number;
  /** The file's axes (the view shows plane `plane`). */
  axes?: ImageAxes;
  /** Display window from a sampled pass (0.3–99.7 %), raw units. */
  window: [number, number];
  /** Header read and first screen ready, ms (for the bench's large_open_ms). */
  openMs: number;
}

/** Draw the image rect `rect` (level-0 pixels) into an outWidth × outHeight bitmap. */
export interface RegionRequest {
  rect: Rect;
  outWidth: number;
  outHeight: number;
}

/** An RGBA bitmap for the viewer (transferred), and the level it was read from. */
export interface RegionBitmap {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  level: number;
  /**
   * Set while the level is still being built in the background: the fraction built (0–1); rows not built
   * yet are transparent and the page asks again.
   */
  pending?: number;
}

/** Progress of a streamed run: tiles of the plane, with an ETA from the tiles done so far. */
export interface LargeProgress extends Progress {
  etaMs?: number;
}

/** A finished streamed run (probabilities held as uint8 tiles in a TileStore, spilled to OPFS over its budget). */
export interface LargeRunView {
  runId: string;
  imageId: string;
  width: number;
  height: number;
  tile: number;
  halo: number;
  tilesRun: number;
  ms: number;
  /** Bytes in memory / in OPFS when the run ended. */
  residentBytes: number;
  spilledBytes: number;
  /** Run half's additions: the model, which tile was used and why (tiling/chooseTile.ts), the blend, the backend. */
  modelId: string;
  tileNote: string;
  blend: 'crop' | 'taper' | 'gaussian';
  backend: BackendInfo;
  /** Streamed runs tile on the CPU on either EP (no GPU-resident path); time inside session.run, ms. */
  inferenceMs: number;
  /** Where the probability tiles spill beyond the memory budget: the Origin Private File System, or memory where OPFS is missing. */
  spill: 'opfs' | 'memory';
}

/** Foreground pixels and objects (merged across tile borders) at a threshold. */
export interface LargeCounts {
  foregroundPixels: number;
  objects: number;
}

export type LargeExportFormat = 'bigtiff' | 'ome-zarr';

/** Worker methods of the large-image path (implemented in largeView.ts / largeRun.ts). */
export interface LargeWorkerApi {
  /** Open a File/Blob as a large image: header, levels, sampled window, overview level built as needed. */
  openLargeImage(file: Blob, name: string): Promise<LargeImageView>;
  /** Image pixels of a region at the coarsest level that still has ≥ 1 level pixel per output pixel. */
  renderImageRegion(sourceId: string, plane: PlaneSelection, req: RegionRequest, window: [number, number]): Promise<RegionBitmap>;
  /** Stream the plane through the tile engine; `cancel()` keeps the previous run of this image. */
  segmentLarge(imageId: string, options: SegmentOptions, onProgress: (p: LargeProgress) => void): Promise<LargeRunView>;
  /** Mask overlay (prob ≥ threshold) of a region of a streamed run, same level rule as renderImageRegion. */
  renderRunOverlay(runId: string, req: RegionRequest, threshold: number): Promise<RegionBitmap>;
  /** Cooperative: yields between tiles with progress; `cancelLargeAnalysis` stops it (rejects 'cancelled'). */
  largeRunCounts(runId: string, threshold: number, onProgress?: (p: AnalysisProgress) => void): Promise<LargeCounts>;
  /** Stop the counts / metrics / truth reading in progress (each rejects with 'cancelled'); returns how many. */
  cancelLargeAnalysis(): Promise<number>;
  /**
   * Write labels at `threshold` in `format` to `sink` or return a Blob (built from Blob parts). The sink: a picked
   * file (FileSystemFileHandle; the worker opens its writable), a WritableStream of write params (a transferred
   * FileSystemWritableFileStream), or for 'ome-zarr' a picked folder (FileSystemDirectoryHandle: the NGFF
   * directory itself). Without a folder, OME-Zarr comes as a stored ZIP of the directory (zarr-python ZipStore).
   */
  exportLargeRun(runId: string, threshold: number, format: LargeExportFormat, sink?: FileSystemFileHandle | FileSystemDirectoryHandle | WritableStream): Promise<Blob | undefined>;
}
