/**
 * What the bench page's fine-tune timing (src/bench/finetunePage.ts) takes and returns: plain JSON, as it
 * crosses page.evaluate to the bench CLI (src/cli/bench.ts, report keys in src/cli/benchFinetuneReport.ts).
 */
import type { TrainAdapter } from '../finetune/trainAdapter';

export interface FinetuneBenchConfig {
  crop: number;
  batch: number;
  /** Timed steps after one untimed warm-up step. */
  reps: number;
}

export interface FinetuneBenchOptions {
  /** A bundled model id (public/models/models.json). */
  model: string;
  /** WASM, and WebGPU on a hardware adapter (the configuration: 256², batch 4). */
  full: FinetuneBenchConfig;
  /** WebGPU on a software adapter (SwiftShader: ~100× slower than WASM); null: not run there, only the reason given. */
  software: FinetuneBenchConfig | null;
  /** Which backends to time (default both). */
  backends?: ('wasm' | 'webgpu')[];
}

/** One timed configuration on one backend, or why it was not timed / failed. */
export interface FinetuneBackendRun {
  backend: 'wasm' | 'webgpu';
  /** What was timed; null when nothing was. */
  config: FinetuneBenchConfig | null;
  stepsPerSecond: number | null;
  stepMs: number[];
  warmupMs: number | null;
  /** The timed steps' losses (finite: the step trained). */
  losses: number[];
  /** e.g. "SIMD, 2 threads" (WASM), or the adapter tfjs' WebGPU backend reports (vendor/architecture). */
  label: string;
  /** Why this is not the full configuration, or was not run; '' when it is the full one. */
  note: string;
  error?: string;
}

export interface FinetuneBrowserBench {
  model: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The adapter as detected at run time in the fine-tune worker (GPUAdapter.info). */
  adapter: TrainAdapter;
  wasm: FinetuneBackendRun | null;
  webgpu: FinetuneBackendRun | null;
}
