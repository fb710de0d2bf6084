/**
 * The studio's state, in slices (STYLE §2.11): image (what is open), model (which network, which
 * backend), run (segmentation progress and result), view (overlay settings and the error banner), truth
 * (ground-truth mask and metrics), export (TIFF and metrics files), compare (A/B and the baseline),
 * viewport (the zoom/pan every viewer pane shares) and notice (what the worker reports on its own: GPU lost).
 * Fields are nouns, actions verbs; only actions talk to the worker client.
 */
import type { ErrorInfo } from '../errors';
import type { ModelCard } from '../models/manifest';
import type { TilingChoice } from '../tiling/validateTiling';
import type { BatchRow } from '../batch/table';
import type { PlaneSelection } from '../io/source';
import type { BackendChoice, BackendInfo, BaselineOptions, BaselineSummary, DiffView, DisplaySettings, ImageView, MetricsView, OverlayView, Progress, RunSummary, SegmentOptions, StackMetrics, StackSummary, TruthInfo, WorkerStatus } from '../worker/api';
import type { WorkerClient } from '../worker/client';
import type { Viewport } from '../viewer/viewport';
import type { TrainingStore } from '../storage/trainingStore';
import type { EditSlice } from './editSlice';
import type { LargeCounts, LargeExportFormat, LargeImageView, LargeRunView, RegionBitmap, RegionRequest } from '../worker/largeApi';
import type { ObjectsSlice } from './objectsSlice';
import type { AnalysisProgress } from '../worker/largePace';

/** Where the open image came from, so it can be opened again after a worker restart. */
export type ImageSource = { kind: 'file'; file: File } | { kind: 'example'; id: string };

export interface ImageSlice {
  image: ImageView | null;
  imageSource: ImageSource | null;
  /** client.generation() when the image was opened; a different generation means the worker lost it. */
  imageGeneration: number;
  imageLoading: boolean;
  examples: { id: string; name: string }[];
  openFile: (file: File) => Promise<void>;
  openExample: (id: string) => Promise<void>;
}

/**
 * Large images (issue #12, largeSlice.ts): a plane too large to hold whole opens as a LargeImageView, drawn
 * by level of detail (ui/Viewer/LargeView.tsx); `image` is null meanwhile, so the whole-plane tools stay off.
 */
export interface LargeSlice {
  largeImage: LargeImageView | null;
  /** performance.now() when the open of `largeImage` started (the viewer reports its first draw from it). */
  largeOpenStart: number;
  /** The streamed run drawn over the large image (run half, worker/largeRun.ts) and its threshold. */
  largeRun: { runId: string; threshold: number } | null;
  /** The pyramid level the viewer drew last (index of largeImage.levels), for the info panel. */
  largeDrawnLevel: number | null;
  /**
   * The image bitmap (and the run's overlay, when there is one) of a view region; null when no large image
   * is open. Re-opens the file in a restarted worker first.
   */
  renderLargeRegion: (req: RegionRequest) => Promise<{ image: RegionBitmap; overlay: RegionBitmap | null } | null>;
  setLargeDrawnLevel: (level: number) => void;
  /** The display window (min, max) the person set for the open large image; null: the sampled one ("Auto"). */
  largeWindow: [number, number] | null;
  /** Change the large image's contrast (re-draws the visible region from the levels; nothing else changes). */
  setLargeWindow: (window: [number, number] | null) => void;
}

/** Streamed runs of a large image (largeRunSlice.ts, run half of issue #12). */
export interface LargeRunSlice {
  /** The last finished streamed run of the open large image (its tile note, times, spill). */
  largeRunView: LargeRunView | null;
  /** Foreground and objects (merged across tile borders) of `largeRun` at `threshold`. */
  largeCounts: (LargeCounts & { runId: string; threshold: number }) | null;
  /** The export being written, if any. */
  largeExporting: LargeExportFormat | null;
  /** Stream the open large image through the tile engine (what "Segment" does on a large image). */
  startLargeRun: () => Promise<void>;
  /** Follow the threshold: the viewer's overlay and the counts (coalesced). */
  refreshLargeRun: () => Promise<void>;
  /** Labels as a tiled BigTIFF, or image + labels as OME-Zarr: into a picked file/folder, else a download. */
  exportLarge: (format: LargeExportFormat) => Promise<void>;
  /** The counting / metrics / mask reading the worker is doing for the large image (cooperative, cancellable), and for which threshold. */
  largeAnalysis: (AnalysisProgress & { threshold: number }) | null;
  /** The threshold whose counts / metrics the person cancelled ("Recompute" offers them again); null otherwise. */
  largeAnalysisCancelled: number | null;
  /** Stop the counting / metrics / mask reading in progress (the person's "Cancel"). */
  cancelLargeAnalysis: () => Promise<void>;
}

/**
 * Stacks and channels (planeSlice.ts): which plane and model channel are shown, the display (contrast,
 * composite), the results per plane, and the last stack run.
 */
export interface PlaneSlice {
  /** The display channels and windows; null: the default (model channel in grey, automatic window). */
  display: DisplaySettings | null;
  /** Results of the open file by plane imageId (single-plane runs and the planes of the last stack run). */
  planeResults: Record<string, RunSummary>;
  /** The last stack run of the open file, and its stack metrics at the threshold (with ground truth). */
  stack: StackSummary | null;
  stackMetrics: StackMetrics | null;
  /** Move to another Z / T / model channel: the viewer shows that plane and its result, if any. */
  setPlane: (patch: Partial<PlaneSelection>) => Promise<void>;
  /** Change what is displayed (contrast, composite): the image's pixels only, never the model input or mask. */
  setDisplay: (display: DisplaySettings | null) => Promise<void>;
  refreshStackMetrics: () => Promise<void>;
  downloadStackLabels: () => Promise<void>;
}

export interface ModelSlice {
  models: ModelCard[];
  modelId: string;
  backendChoice: BackendChoice;
  /** The backend a run would use (probe of the choice and the selected model) or did use (last run). */
  backendInfo: BackendInfo | null;
  /** Show fixture (random-weight test) models, from `?fixtures=1`. */
  showFixtures: boolean;
  /** Tile/halo/blend for the next run ("Advanced"): the selected card's values until the person edits them;
   * reset to the card's when the model changes. null before a model is chosen. */
  tiling: TilingChoice | null;
  /** The person's own ONNX files by card id (their cards are in `models`, `user: true`), and the worker
   * generation that holds each: another generation means the worker lost it and it is sent again. */
  userModelFiles: Record<string, { file: File; generation: number }>;
  /** True while an opened model file is being checked in the worker. */
  userModelLoading: boolean;
  init: (opts?: { showFixtures?: boolean }) => Promise<void>;
  /** "Open model (.onnx)": check the file in the worker, list its card under "Your models" and select it. A
   * refused file shows the error; the selected model, the image and the results stay. */
  openModelFile: (file: File) => Promise<void>;
  setModel: (id: string) => void;
  /** Edit the advanced tiling (validated by tiling/validateTiling.ts `tilingProblem`, not here). */
  setTiling: (patch: Partial<TilingChoice>) => void;
  setBackend: (choice: BackendChoice) => Promise<void>;
  /** Probe the backend for the current choice and model again (model or choice changed, device lost). */
  refreshBackend: () => Promise<void>;
}

export type RunStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export interface RunSlice {
  runStatus: RunStatus;
  progress: Progress | null;
  result: RunSummary | null;
  /** "Segment" / "Segment plane": the open plane with its model channel. */
  startRun: () => Promise<void>;
  /** "Segment stack": every Z/T plane of the model channel, one after the other (progress has `plane`). */
  startStackRun: () => Promise<void>;
  cancelRun: () => Promise<void>;
}

/** 'errors' (TP/FP/FN map) needs ground truth. */
export type OverlayMode = 'mask' | 'contours' | 'errors';

export interface ViewSlice {
  threshold: number;
  /** CSS opacity of the overlay canvas, 0–1 (no pixel work). */
  opacity: number;
  showMask: boolean;
  overlayMode: OverlayMode;
  overlay: OverlayView | null;
  error: ErrorInfo | null;
  setThreshold: (t: number) => void;
  setOpacity: (o: number) => void;
  setShowMask: (on: boolean) => void;
  setOverlayMode: (m: OverlayMode) => void;
  refreshOverlay: () => Promise<void>;
  downloadMask: () => Promise<void>;
  showError: (e: unknown) => void;
  dismissError: () => void;
}

/** A ground-truth mask the worker holds, and what is needed to send it again (worker restart, invert). */
export interface GroundTruth extends TruthInfo {
  /** The open file the mask belongs to (its `planes` are plane indices of that file). */
  sourceId: string;
  file: File;
  invert: boolean;
  /** client.generation() when it was sent; another generation means the worker lost it. */
  generation: number;
  /** The mask of a large image (worker/largeTruth.ts: read and compared tile by tile; state/largeTruth.ts). */
  large?: boolean;
}

export interface TruthSlice {
  groundTruth: GroundTruth | null;
  truthLoading: boolean;
  /** The "Invert mask" switch: the mask marks background (applies to the open mask and the next ones). */
  invertTruth: boolean;
  /** Metrics of the current result against the ground truth; shown only while `metrics.runId` is the result's. */
  metrics: MetricsView | null;
  openTruth: (file: File) => Promise<void>;
  setInvertTruth: (on: boolean) => Promise<void>;
  clearTruth: () => Promise<void>;
  /** Send the mask again if the worker no longer has it for the open image (restart, image re-opened). */
  syncTruth: () => Promise<void>;
  refreshMetrics: () => Promise<void>;
}

export interface ExportSlice {
  downloadLabels: () => Promise<void>;
  downloadProb: () => Promise<void>;
  downloadMetrics: (kind: 'csv' | 'json') => Promise<void>;
}

/** Compare mode: model A and model B run one after the other on the open image; both runs stay in the worker. */
export interface CompareSlice {
  compareOpen: boolean;
  /** Model ids of A and B. */
  compareModels: [string, string];
  compareStatus: 'idle' | 'running' | 'cancelling' | 'cancelled' | 'done' | 'failed';
  /** Which model (0 = A, 1 = B) is running, and how far. */
  compareProgress: { slot: 0 | 1; progress: Progress } | null;
  compareRuns: [RunSummary | null, RunSummary | null];
  /** Mask overlays of the two runs at the shared threshold. */
  compareOverlays: [OverlayView | null, OverlayView | null];
  /** Metrics of each run against the ground truth (when loaded) at the shared threshold. */
  compareMetrics: [MetricsView | null, MetricsView | null];
  compareDiff: DiffView | null;
  /** Also run the classical baseline (Otsu + small-object removal) and show it as a third pane. */
  compareBaseline: boolean;
  compareBaselineOptions: BaselineOptions;
  compareBaselineRun: BaselineSummary | null;
  compareBaselineOverlay: OverlayView | null;
  compareBaselineMetrics: MetricsView | null;
  setCompareOpen: (open: boolean) => void;
  /** Turning it on after a comparison runs the baseline on the compared image at once (it takes milliseconds). */
  setCompareBaseline: (on: boolean, options?: Partial<BaselineOptions>) => Promise<void>;
  setCompareModels: (a: string, b: string) => void;
  runComparison: () => Promise<void>;
  /** Stop a running comparison (between tile batches; the worker is restarted if a batch does not end). */
  cancelComparison: () => void;
  /** Re-render overlays, difference and metrics from the kept runs at the current threshold (no new run). */
  refreshCompare: () => Promise<void>;
}

/** Shared zoom/pan of every viewer pane (viewportSlice.ts); a viewport belongs to one image. */
export interface ViewportSlice {
  /** Null: fit (each pane fits the image to its own size). */
  viewport: (Viewport & { imageId: string }) | null;
  setViewport: (v: (Viewport & { imageId: string }) | null) => void;
}

/** A message the worker sent on its own (api.ts WorkerStatus), a lost worker, or a data warning; shown until dismissed. */
export interface Notice {
  kind: WorkerStatus['kind'] | 'worker-lost' | 'data-warning';
  message: string;
}

export interface RecoverySlice {
  /** The GPU device was lost: the next WebGPU/auto run starts a fresh worker to get a new device. */
  gpuRenew: boolean;
  /** The worker died on its own (client.ts onLost): clear its results, re-open image, mask and own models. */
  recoverWorker: (why: string) => Promise<void>;
  /** Before a run: restart the worker when `gpuRenew` (callers make sure nothing runs). */
  renewGpuBeforeRun: () => void;
}

export interface NoticeSlice {
  notice: Notice | null;
  /** The worker's status callback (registered by `init`). */
  receiveStatus: (s: WorkerStatus) => void;
  dismissNotice: () => void;
  /** Show data warnings (io/warnings.ts, sent with an image, a mask or a run) as a notice, if there are any. */
  warnData: (warnings: string[] | undefined, about: string) => void;
}

/** One image of the studio batch as the table shows it (batch/batchDb.ts keeps it with its files). */
export interface BatchItemView {
  index: number;
  name: string;
  path: string;
  maskName?: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** One row per plane (finished items). */
  rows?: BatchRow[];
  error?: string;
}

/** The studio batch (batchSlice.ts): a queue of files run one at a time, kept in IndexedDB across reloads. */
export interface BatchSlice {
  batchItems: BatchItemView[];
  batchStatus: 'empty' | 'ready' | 'running' | 'pausing' | 'paused' | 'done';
  /** The image running now and its progress. */
  batchProgress: { index: number; progress: Progress } | null;
  /** What the pairing found, or what a restored batch holds. */
  batchNote: string | null;
  /** Model, backend, tiling and threshold the batch runs with (fixed when the files are added). */
  batchSettings: { options: SegmentOptions; threshold: number } | null;
  /** Files from a picker (a picked folder's files carry webkitRelativePath) or a drop (with their folder path). */
  addBatchFiles: (files: (File | { file: File; path: string })[]) => Promise<void>;
  startBatch: () => Promise<void>;
  pauseBatch: () => Promise<void>;
  clearBatch: () => Promise<void>;
  /** Read a batch kept in IndexedDB (on start-up). */
  restoreBatch: () => Promise<void>;
  /** Open an item's image (and mask) in the viewer and run it with the batch's settings. */
  openBatchItem: (index: number) => Promise<void>;
  downloadBatchCsv: () => Promise<void>;
  downloadBatchZip: () => Promise<void>;
}

export type Studio = ImageSlice & LargeSlice & LargeRunSlice & PlaneSlice & ModelSlice & RunSlice & ViewSlice & TruthSlice & ExportSlice & CompareSlice & ViewportSlice & NoticeSlice & ObjectsSlice & BatchSlice & EditSlice & RecoverySlice;

/** What the slices need from outside: the worker and a way to save bytes as a file. */
export interface StudioDeps {
  client: WorkerClient;
  saveFile: (bytes: Uint8Array, name: string, type: string) => void;
  /** Save a file written chunk by chunk (ui/download.ts saveStream); optional so store tests can omit it. */
  saveStream?: (name: string, type: string, produce: (write: (chunk: Uint8Array) => Promise<void>) => Promise<unknown>) => Promise<void>;
  /** How long a cancelled run may take to stop before the worker is restarted (ms). */
  cancelGraceMs?: number;
  /**
   * Where a large export goes (ui/download.ts pickLargeSink): a picked file (BigTIFF) or folder (OME-Zarr);
   * null when the person closed the picker; undefined (or no function) without the File System Access API.
   */
  pickLargeSink?: (format: LargeExportFormat, name: string) => Promise<FileSystemFileHandle | FileSystemDirectoryHandle | null | undefined>;
  /** Save a Blob as a download without copying it into the page's memory (ui/download.ts saveBlob). */
  saveBlob?: (blob: Blob, name: string) => void;
  /** Where "Add to training set" keeps pairs (storage/trainingStore.ts); none: the buttons report it. */
  trainingStore?: TrainingStore;
}
