/**
 * The run half of LargeWorkerApi (largeApi.ts) as SegmentWorkerApi mixes it in (like EditWorkerApi), plus
 * a small probe of a run's probabilities. Implemented in largeRun.ts / largeExport.ts.
 */
import type { Rect } from '../io/source';
import type { LargeWorkerApi } from './largeApi';

export interface LargeRunWorkerApi extends Pick<LargeWorkerApi, 'segmentLarge' | 'renderRunOverlay' | 'largeRunCounts' | 'cancelLargeAnalysis' | 'exportLargeRun'> {
  /** Decoded probabilities (uint8-quantised) of a level-0 rect of a streamed run, at most 4 Mi pixels. */
  largeRunProb(runId: string, rect: Rect): Promise<Float32Array>;
}
