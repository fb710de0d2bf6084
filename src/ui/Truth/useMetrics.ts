import { useStudio } from '../../state/studio';
import type { MetricsView } from '../../worker/api';

/** The metrics of the current result against the open mask, or null (no mask, no result, or still stale). */
export function useMetrics(): MetricsView | null {
  return useStudio((s) => (s.metrics && s.groundTruth && s.result && s.metrics.runId === s.result.runId ? s.metrics : null));
}

/** 0.83412 → "0.8341": four decimals, the precision the eval CLI prints. */
export const fmt4 = (x: number): string => x.toFixed(4);
