import { useStudio } from '../../state/studio';
import type { MetricsView } from '../../worker/api';

/**
 * The metrics of the current result against the open mask, or null (no mask, no result, or still stale). For a
 * large image the result is its streamed run (the metrics may be of an earlier threshold while new ones are computed).
 */
export function useMetrics(): MetricsView | null {
  return useStudio((s) => {
    const runId = s.result?.runId ?? s.largeRun?.runId;
    return s.metrics && s.groundTruth && runId && s.metrics.runId === runId ? s.metrics : null;
  });
}

/** 0.83412 → "0.8341": four decimals, the precision the eval CLI prints. */
export const fmt4 = (x: number): string => x.toFixed(4);
