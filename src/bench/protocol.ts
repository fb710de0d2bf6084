/**
 * What the bench page (src/bench/page.ts, in Chromium) offers the bench CLI (src/cli/bench.ts, in Node) as
 * `window.segBench`, and the progress hook the CLI exposes back as `window.segBenchLog`. Everything crossing
 * is plain JSON (page.evaluate serialises it); the image travels as a URL the CLI serves from memory.
 */
import type { ModelCard } from '../models/manifest';
import type { FinetuneBenchOptions, FinetuneBrowserBench } from './finetuneProtocol';
import type { BackendChoice, BackendInfo, RunSummary, SegmentOptions } from '../worker/api';
import type { LargeCounts, LargeRunView } from '../worker/largeApi';
import type { LargeViewTiming } from './largeViewBench';

export interface PageEnv {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  /** What a 'webgpu' choice resolves to in the worker (backend 'wasm' + note when there is no adapter). */
  webgpu: BackendInfo;
  wasm: BackendInfo;
}

export interface PageRun {
  summary: RunSummary;
  /** Pixels ≥ threshold, read back from the worker's overlay (the probability map itself stays there). */
  foregroundPixels: number;
}

export interface ConfusionTiming {
  size: number;
  reps: number;
  /** Per repetition, ms: the CPU reference (src/metrics/confusion.ts) on the page's main thread. */
  cpuMs: number[];
  /** Per repetition, ms: runConfusion (shaders/confusion.wgsl) dispatch + readback of the 4 counts; null without WebGPU. */
  gpuMs: number[] | null;
  /** The GPU counts equal the CPU reference's (null without WebGPU). */
  countsMatch: boolean | null;
  gpuNote: string;
}

/** One large image through the page's worker (issue #12's Chromium route of `npm run bench -- --large`). */
export interface LargeBrowserRun {
  width: number;
  height: number;
  /** 'large' when the page opened it as a large image (LOD), 'whole' for a plane it reads whole (the reference). */
  kind: 'large' | 'whole';
  /** openImage(File) wall time, ms (header, levels, sampled window: what the page waits for). */
  openMs: number;
  /** From the open's start to the first Fit bitmap, complete or not (a preview while levels are built), ms. */
  firstPreviewMs: number | null;
  /** From the open's start to the first complete Fit bitmap (its level built by the background pass), ms. */
  firstFitMs: number | null;
  /** A Fit redraw of the image once its levels are built, ms (what a person sees on every Fit). */
  fitDrawMs: number | null;
  /** The run's mask overlay of the whole image at Fit (read from its overview levels), ms. */
  fitOverlayMs: number;
  run: LargeRunView;
  counts: LargeCounts;
  countsMs: number;
}

export interface SegBench {
  /** The file in the page's `#large-file` input (set by the CLI) opened, Fit drawn, streamed through segmentLarge. */
  large(options: SegmentOptions & { backend: BackendChoice }, threshold: number, fitWidth: number): Promise<LargeBrowserRun>;
  /** The view half of `large` alone (open, first Fit, Fit redraws), for probing the viewer's speed. */
  largeView(fitWidth: number): Promise<Omit<LargeViewTiming, 'view' | 'large'>>;
  env(): Promise<PageEnv>;
  models(): Promise<ModelCard[]>;
  /** Fetch `url` (PNG bytes), open it in the segment worker, run `segment`, count the mask at `threshold`. */
  segment(url: string, name: string, options: SegmentOptions & { backend: BackendChoice }, threshold: number): Promise<PageRun>;
  confusion(size: number, reps: number, threshold: number): Promise<ConfusionTiming>;
  /** Fine-tuning steps/s in a worker, tfjs WASM and WebGPU (src/bench/finetunePage.ts). */
  finetune(opts: FinetuneBenchOptions): Promise<FinetuneBrowserBench>;
}

declare global {
  interface Window {
    segBench?: SegBench;
    segBenchLog?: (line: string) => Promise<void>;
  }
}
