/**
 * The one typed API of the segmentation worker (comlink). Everything large lives in the worker and is referred
 * to by id; only what a person looks at comes back.
 *
 * Ownership across the boundary:
 * - `openImage(file)`: the page sends the File/Blob itself (a structured clone of a File does not copy its
 *   data); the worker reads its header and then only the regions it needs. An ArrayBuffer (bench, tests) is
 *   transferred (the caller's copy is detached). Planes too large to hold whole come back as a LargeImageView
 *   (worker/largeApi.ts, drawn by level of detail with `renderImageRegion`).
 * - `openUserModel(bytes)`: a person's own ONNX file or bioimage.io package (.zip), transferred to the worker the same way; the worker keeps
 *   the bytes (and an ORT session on them) for its own life only: nothing is uploaded, cached or persisted.
 *   The card comes back cloned; the page keeps the File to send it again to a restarted worker.
 * - RGBA display buffers (`ImageView.rgba`, `OverlayView.rgba`) and export bytes are transferred to the main
 *   thread and owned by it afterwards.
 * - `onProgress` is a comlink proxy; `cancel(runId)` stops a run between tile batches (the run rejects with
 *   code 'cancelled').
 * - `onStatus(cb)`: `cb` is a comlink proxy the worker keeps (one per worker; a newer one replaces it) and calls
 *   with plain `WorkerStatus` objects (cloned) when something happens that no call is waiting for: ORT's
 *   GPUDevice was lost, or WebGPU raised uncaptured errors (rate-limited). client.ts registers the page's
 *   callback again on every worker it starts.
 * - `setGroundTruth(imageId, bytes, …)`: the mask's ArrayBuffer is transferred to the worker, which keeps the
 *   decoded mask per image until `clearGroundTruth` or a newer mask for that image; `metrics` and the
 *   'errors' overlay read it there. Export bytes (PNG, TIFF) are transferred to the main thread.
 * - Errors reject with `{code, message}` (see src/errors.ts `toErrorInfo`).
 */
import type { OtsuOptions } from '../baseline/otsuSegment';
import type { ErrorInfo } from '../errors';
import type { ConfusionBench } from '../gpu/benchConfusion';
import type { Confusion } from '../metrics/confusion';
import type { DiffCounts } from '../metrics/diffMap';
import type { MetricsView } from '../metrics/evaluate';
import type { ModelCard } from '../models/manifest';
import type { EditWorkerApi } from './editApi';
import type { LargeImageView, LargeWorkerApi } from './largeApi';
import type { LargeRunWorkerApi } from './largeRunApi';
import type { LargeTruthWorkerApi } from './largeTruth';
import type { ObjectFilter } from '../export/objectFilter';
import type { ObjectFormat } from '../export/objectFiles';
import type { ObjectPolygon } from '../measure/contours';
import type { ObjectSource, ObjectsView } from './objects';
import type { ChannelPick, PixelSize, PlaneSelection } from '../io/source';
import type { ChannelStats } from '../viewer/composite';

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

/**
 * What the worker pushes through `onStatus` (worker/status.ts):
 * - 'device-lost': ORT's GPUDevice is gone (`message`: the loss message or reason); the WebGPU sessions are
 *   released and every later run (and probe) resolves to WASM. Images, runs and ground truth are kept.
 * - 'gpu-error': an uncaptured WebGPU error on that device; `count` is how many errors this report stands for
 *   (one at once, then at most one summary every few seconds, with the newest message).
 */
export type WorkerStatus =
  | { kind: 'device-lost'; message: string }
  | { kind: 'gpu-error'; message: string; count: number };

/** The axes of an open file (io/source.ts ImageSource), what the page's sliders and channel picker show. */
export interface ImageAxes {
  sizeT: number;
  sizeZ: number;
  sizeC: number;
  channelNames: string[];
  /** R, G, B samples of a colour image: 'luminance' is a valid channel and the default model input. */
  rgb: boolean;
  /** µm per pixel, when the file says it; undefined means measurements are in pixels. */
  pixelSize?: PixelSize;
}

/** One displayed channel: its colour ("#rrggbb") and contrast window (omitted: automatic 0.3–99.7 %). */
export interface ChannelDisplay {
  channel: ChannelPick;
  color: string;
  window?: [number, number];
}

/** What the viewer shows of a plane: one or more channels, added as colours (display only, never the mask). */
export interface DisplaySettings {
  channels: ChannelDisplay[];
}

/** A displayed channel as rendered: the window used, its automatic window, value range and histogram. */
export interface ChannelView extends ChannelStats {
  channel: ChannelPick;
  name: string;
  color: string;
  window: [number, number];
}

/**
 * One plane of an open file, as the page shows it. `imageId` names the *model plane* (source, t, z and the
 * model's channel `plane.c`): segment, ground truth, baseline and compare take it as before. The same
 * (source, plane) always gives the same imageId, so a contrast change keeps the results.
 */
export interface ImageView {
  imageId: string;
  /** The open file; `viewPlane(sourceId, …)` shows another plane or channel of it. */
  sourceId: string;
  plane: PlaneSelection;
  axes: ImageAxes;
  /** The channels drawn into `rgba`, with their windows and histograms. */
  display: ChannelView[];
  name: string;
  width: number;
  height: number;
  sampleType: string;
  format: string;
  note: string;
  /** width×height×4 display bytes: the composite of `display` (default: the model channel in grey, auto window). */
  rgba: Uint8ClampedArray;
  /** Data warnings (io/warnings.ts: non-finite pixels and how they were set, a constant image); may be empty. */
  warnings?: string[];
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
  /** Tiles of the current plane. */
  done: number;
  total: number;
  /** Stack runs: planes finished and planes in all. */
  plane?: { done: number; total: number };
}

/** One plane of a stack run; `summary.runId` works wherever a run id does (overlay, metrics, exports). */
export interface StackPlane {
  t: number;
  z: number;
  /** Linear plane index t·sizeZ + z (io/source.ts planeIndex), the page of the labels export. */
  index: number;
  imageId: string;
  summary: RunSummary;
}

/** A run over every Z/T plane of one channel (`segmentStack`). */
export interface StackSummary {
  stackId: string;
  sourceId: string;
  channel: ChannelPick;
  planes: StackPlane[];
  /** Wall time of the whole stack, ms. */
  ms: number;
  /** True when `cancel` stopped the run: `planes` are those finished before it. */
  cancelled?: boolean;
}

/** Pixel metrics of a stack: confusion counts summed over the planes that have a ground-truth mask. */
export interface StackMetrics {
  stackId: string;
  threshold: number;
  /** Planes counted (those with a mask) and planes in the run. */
  planes: number;
  totalPlanes: number;
  pixel: Confusion & { iou: number; dice: number; precision: number; recall: number };
}

/** Where tiling and blending ran: on ORT's GPUDevice with one readback per image, or on the CPU (TS reference). */
export type RunPipeline = 'gpu-resident' | 'cpu';

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
  /** Which tiling/blending path ran (ms − inferenceMs is its overhead). */
  pipeline: RunPipeline;
  /** Data warnings of this run (io/warnings.ts: outside the model's training intensity range); may be empty. */
  warnings?: string[];
  /** Which tile ran and why (tiling/runTiling.ts), for the info panel. */
  tileNote?: string;
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
  /** Linear plane indices (t·sizeZ + z) that now have a mask: the open plane, or every page of a stack mask. */
  planes: number[];
  /** True when the mask is an instance label image (more than two values) and was not inverted. */
  isInstance: boolean;
  /** GT objects: its instance labels, or the 8-connected components of a binary mask. */
  objects: number;
  foregroundPixels: number;
  /** Data warnings (io/warnings.ts: looks like an image, covers everything, empty); may be empty. */
  warnings?: string[];
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

/** Options of the classical baseline (baseline/otsuSegment.ts): foreground polarity and smallest object kept. */
export type BaselineOptions = OtsuOptions;

/**
 * A baseline run: a RunSummary (modelId 'baseline-otsu', no tiles, `backend` describes the worker's CPU) plus
 * what Otsu chose. Its probability map is 0/1, so any threshold in (0, 1] gives its mask.
 */
export interface BaselineSummary extends RunSummary {
  baseline: BaselineOptions & { threshold: number; objects: number; removedObjects: number; foregroundPixels: number };
}

/** What `benchMetrics` returns: gpu/benchConfusion.ts ConfusionBench, plus which device ran it
 * ('ort': ORT's own GPUDevice, a WebGPU session exists; 'own': a device of the same adapter). */
export type MetricsBench = ConfusionBench & { device: 'ort' | 'own'; adapter: string };

/** One image of a studio batch (worker/batchItem.ts): the file's bytes (transferred), its mask's if paired. */
export interface BatchItemRequest {
  bytes: ArrayBuffer;
  name: string;
  mask?: { bytes: ArrayBuffer; name: string };
  options: SegmentOptions;
  threshold: number;
}

/** A batch item's table row and its files (transferred to the page, which keeps them in IndexedDB). */
export interface BatchItemResult {
  /** One row per plane (every Z/T plane of the default channel). */
  rows: import('../batch/table').BatchRow[];
  ms: number;
  backend: 'webgpu' | 'wasm';
  /** 0/255 mask, single-plane images only. */
  maskPng?: Uint8Array;
  /** 16-bit labels, OME-TIFF, one page per plane. */
  labelsTiff: Uint8Array;
}
export type { ObjectFilter, ObjectFormat, ObjectPolygon, ObjectSource, ObjectsView };

export interface SegmentWorkerApi extends EditWorkerApi, LargeRunWorkerApi, LargeTruthWorkerApi, Pick<LargeWorkerApi, 'openLargeImage' | 'renderImageRegion'> {
  /** Models from public/models/models.json (fetched by the worker). */
  listModels(): Promise<ModelCard[]>;
  /**
   * The backend a run would use, without running anything: probes the WebGPU adapter and, given a model,
   * applies that model's rule too (an int8 card runs on WASM; worker/session.ts `backendFor`).
   */
  probeBackend(choice: BackendChoice, modelId?: string): Promise<BackendInfo>;
  /** Register the page's status callback (a comlink proxy; see `WorkerStatus`). A device already lost is reported at once. */
  onStatus(cb: (status: WorkerStatus) => void): Promise<void>;
  /**
   * Open a file as an image source (io/openSource.ts) and show its first plane, default channel: an ImageView,
   * or for a plane too large to hold whole (largeView.ts isLarge: over LARGE_PIXELS, or its estimate does not
   * fit) a LargeImageView (`kind: 'large'`) drawn by `renderImageRegion`.
   */
  openImage(file: Blob | ArrayBuffer, name: string): Promise<ImageView | LargeImageView>;
  /**
   * Another plane / model channel / display of an open file: reads the plane (the model channel is held for
   * segment/metrics), renders the display channels with their windows, and returns their histograms.
   */
  viewPlane(sourceId: string, plane: PlaneSelection, display?: DisplaySettings): Promise<ImageView>;
  /**
   * Check a person's ONNX model against the contract the studio runs (one float32 N×1×H×W input, one N×1×H×W
   * logit output of the same size; models/userModel.ts) with ORT's metadata and a probe run, and register its
   * session-only card (`user: true`, id `user:<name>`). A bioimage.io package (.zip with rdf.yaml and ONNX weights)
   * is unzipped in the worker; its rdf sets name, citation, normalisation, tile and halo (models/bioimageRdf.ts)
   * and its ONNX goes through the same check. A refused model rejects with 'model-invalid' and
   * changes nothing; a model of the same name is replaced.
   */
  openUserModel(bytes: ArrayBuffer, name: string): Promise<ModelCard>;
  /** Generated example images (no files needed); `kind` from `listExamples()`. */
  listExamples(): Promise<{ id: string; name: string }[]>;
  openExample(id: string): Promise<ImageView>;
  segment(imageId: string, options: SegmentOptions, onProgress: (p: Progress) => void): Promise<RunSummary>;
  /**
   * Segment every Z/T plane of `channel`, one plane after the other (progress over planes and tiles; `cancel()`
   * stops it between tile batches and resolves with the planes already done, `cancelled: true`). Each plane's probabilities are held as uint8 (prob·255 rounded), so a
   * stack costs width·height bytes per plane (a 1024² × 100 stack: 100 MiB); at most STACK_BYTES in all.
   */
  segmentStack(sourceId: string, channel: ChannelPick, options: SegmentOptions, onProgress: (p: Progress) => void): Promise<StackSummary>;
  /** Confusion counts summed over the stack's planes that have ground truth, and their scores. */
  stackMetrics(stackId: string, threshold: number): Promise<StackMetrics>;
  /** Multi-page 16-bit OME-TIFF of the 8-connected components of every plane, with the source's pixel size. */
  exportStackLabels(stackId: string, threshold: number): Promise<Uint8Array>;
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
  /**
   * Classical baseline of an open image (Otsu threshold on the raw values + small-object removal), held as a
   * run with a 0/1 probability map: overlays, metrics, the difference map and the exports take its runId.
   */
  baselineOtsu(imageId: string, options: BaselineOptions): Promise<BaselineSummary>;

  /**
   * Hold the Web Lock `name` for the worker's whole life (resolves once it is held). The page then asks for the
   * same lock: it is granted the moment this worker ends in any way (crash, out of memory, `close()`,
   * terminate), which is how client.ts notices a dead worker at once without a heartbeat.
   */
  holdLifeLock(name: string): Promise<boolean>;
  /** Test hook (`?fixtures=1` only): end the worker as a crash would (`self.close()`, no answer, no error event). */
  crash(): Promise<void>;
  /**
   * Studio batch: segment one file start to end and drop it (nothing is held afterwards); `cancel()` stops it
   * between tile batches like a run. Rejects with the file's own error (a bad file fails only its row).
   */
  batchItem(req: BatchItemRequest, onProgress: (p: Progress) => void): Promise<BatchItemResult>;
  // ── Objects: measurements and exports to Fiji, QuPath, napari (worker/objects.ts) ──────────────────────────
  /**
   * Per-object measurements (measure/regionprops.ts, as skimage regionprops) of the run's 8-connected objects at
   * `threshold` (source 'prediction'), or of its image's ground-truth objects ('truth'), on the run's raw image.
   */
  objectsTable(runId: string, threshold: number, source?: ObjectSource): Promise<ObjectsView>;
  /** One object's outline on pixel corners (measure/contours.ts), for the viewer's highlight. */
  objectOutline(runId: string, threshold: number, label: number, bbox: [number, number, number, number], source?: ObjectSource): Promise<ObjectPolygon[]>;
  /** Objects passing `filter` as a file: objects CSV, GeoJSON (QuPath), ImageJ ROI zip, label TIFF or mask PNG; bytes transferred. */
  exportObjects(runId: string, threshold: number, format: ObjectFormat, filter: ObjectFilter, source?: ObjectSource): Promise<Uint8Array>;

  /** Test hook (`?fixtures=1` only): destroy ORT's GPUDevice, resolve once the loss is handled; the loss message. */
  loseDevice(): Promise<string>;
  /** Test hook (`?fixtures=1` only): raise n uncaptured validation errors on ORT's GPUDevice. */
  raiseGpuErrors(n: number): Promise<void>;
  /** Test hook (`?fixtures=1` only): planes over `pixels` open as large images (none: the default LARGE_PIXELS). */
  setLargePixels(pixels?: number): Promise<void>;
  /** Test/bench hook (`?fixtures=1` only): time the confusion kernel alone on a size×size map (gpu/benchConfusion.ts). */
  benchMetrics(size: number, repeats?: number): Promise<MetricsBench>;
}

export type WorkerError = ErrorInfo;

export * from './editApi';
