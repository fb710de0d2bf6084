/**
 * The one typed API of the segmentation worker (comlink). Everything large lives in the worker and is referred
 * to by id; only what a person looks at comes back.
 *
 * Ownership across the boundary:
 * - `openImage(bytes)`: the ArrayBuffer is transferred to the worker (the caller's copy is detached).
 * - RGBA display buffers (`ImageView.rgba`, `OverlayView.rgba`) and export bytes are transferred to the main
 *   thread and owned by it afterwards.
 * - `onProgress` is a comlink proxy; `cancel(runId)` stops a run between tile batches (the run rejects with
 *   code 'cancelled').
 * - `setGroundTruth(imageId, bytes, …)`: the mask's ArrayBuffer is transferred to the worker, which keeps the
 *   decoded mask per image until `clearGroundTruth` or a newer mask for that image; `metrics` and the
 *   'errors' overlay read it there. Export bytes (PNG, TIFF) are transferred to the main thread.
 * - Errors reject with `{code, message}` (see src/errors.ts `toErrorInfo`).
 */
import type { ErrorInfo } from '../errors';
import type { Confusion } from '../metrics/confusion';
import type { DiffCounts } from '../metrics/diffMap';
import type { MetricsView } from '../metrics/evaluate';
import type { ModelCard } from '../models/manifest';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm';

export interface BackendInfo {
  backend: 'webgpu' | 'wasm';
  /** Adapter description, e.g. "SwiftShader (Google)" or "WebAssembly SIMD, 2 threads". */
  adapter: string;
  /** True when the WebGPU adapter is a CPU emulation (SwiftShader, llvmpipe, fallback adapter). */
  software: boolean;
  threads: number;
  /** Why this backend ran, e.g. "no WebGPU adapter: using WASM". */
  note: string;
}

export interface ImageView {
  imageId: string;
  name: string;
  width: number;
  height: number;
  sampleType: string;
  format: string;
  note: string;
  /** width×height×4 display bytes (grey ramp of the raw values, 1–99.8 percentile window). */
  rgba: Uint8ClampedArray;
}

export interface SegmentOptions {
  modelId: string;
  backend: BackendChoice;
  /** Overrides of the card's tiling (advanced). */
  tile?: number;
  halo?: number;
  blend?: 'crop' | 'taper' | 'gaussian';
}

export interface Progress {
  stage: 'loading-model' | 'inference';
  done: number;
  total: number;
}

export interface RunSummary {
  runId: string;
  imageId: string;
  modelId: string;
  width: number;
  height: number;
  tiles: number;
  tile: number;
  halo: number;
  /** Blend of overlapping tiles that was used (the card's, or the run's override). */
  blend: 'crop' | 'taper' | 'gaussian';
  /** Wall time of the whole segmentation (normalise → tiles → blend), ms. */
  ms: number;
  /** Time inside session.run, ms. */
  inferenceMs: number;
  backend: BackendInfo;
}

export interface OverlayRequest {
  runId: string;
  threshold: number;
  /** 'errors' needs ground truth for the run's image: TP/FP/FN in metrics/errorMap.ts ERROR_COLORS. */
  mode: 'mask' | 'contours' | 'errors';
}

export interface OverlayView {
  width: number;
  height: number;
  /** RGBA; transparent where nothing is drawn. */
  rgba: Uint8ClampedArray;
  foregroundPixels: number;
  /** Pixel counts of the drawn error map (mode 'errors' only), for its legend. */
  counts?: Confusion;
}

/** A ground-truth mask the worker now holds for an image. */
export interface TruthInfo {
  imageId: string;
  name: string;
  width: number;
  height: number;
  /** True when the mask is an instance label image (more than two values) and was not inverted. */
  isInstance: boolean;
  /** GT objects: its instance labels, or the 8-connected components of a binary mask. */
  objects: number;
  foregroundPixels: number;
}

/** Where two runs of the same image disagree at a threshold (metrics/diffMap.ts DIFF_COLORS). */
export interface DiffView {
  width: number;
  height: number;
  /** RGBA; transparent where neither run calls foreground. */
  rgba: Uint8ClampedArray;
  counts: DiffCounts;
}

export type { MetricsView };

export interface SegmentWorkerApi {
  /** Models from public/models/models.json (fetched by the worker). */
  listModels(): Promise<ModelCard[]>;
  /** Probe the WebGPU adapter without running anything. */
  probeBackend(choice: BackendChoice): Promise<BackendInfo>;
  openImage(bytes: ArrayBuffer, name: string): Promise<ImageView>;
  /** Generated example images (no files needed); `kind` from `listExamples()`. */
  listExamples(): Promise<{ id: string; name: string }[]>;
  openExample(id: string): Promise<ImageView>;
  segment(imageId: string, options: SegmentOptions, onProgress: (p: Progress) => void): Promise<RunSummary>;
  cancel(runId?: string): Promise<void>;
  renderOverlay(req: OverlayRequest): Promise<OverlayView>;
  /** Difference map of two runs of the same image (compare mode): only A, only B, both foreground. */
  renderDiff(runA: string, runB: string, threshold: number): Promise<DiffView>;
  /** 8-bit PNG of the thresholded mask (0/255). */
  exportMaskPng(runId: string, threshold: number): Promise<Uint8Array>;
  /**
   * Decode a ground-truth mask (PNG/TIFF; 0/255, 0/1 or instance labels, foreground = value > 0; `invert`
   * swaps foreground and background) for an open image. A mask of another size rejects with 'size-mismatch'
   * and the image's previous mask, if any, stays.
   */
  setGroundTruth(imageId: string, bytes: ArrayBuffer, name: string, invert: boolean): Promise<TruthInfo>;
  clearGroundTruth(imageId: string): Promise<void>;
  /** Pixel and object metrics of a run against its image's ground truth at `threshold`, with the IoU/Dice sweep. */
  metrics(runId: string, threshold: number): Promise<MetricsView>;
  /** 16-bit TIFF of the 8-connected components of the thresholded mask (0 = background, objects 1..n). */
  exportLabelsTiff(runId: string, threshold: number): Promise<Uint8Array>;
  /** 32-bit float TIFF of the blended foreground probability. */
  exportProbTiff(runId: string): Promise<Uint8Array>;
}

export type WorkerError = ErrorInfo;
