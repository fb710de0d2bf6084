/**
 * Cooperative analysis of large results in the worker (issue #12): object counts and ground-truth metrics of
 * a streamed run read every tile (18–22 s at 16384² on a busy 2-core machine). Run as steps (metrics/steps.ts)
 * they yield to the event loop every `pace.sliceMs`, so renders, other calls and `cancelLargeAnalysis` get through,
 * and report progress; a cancel makes the next pause throw 'cancelled'.
 */
import { StudioError } from '../errors';
import type { CancelToken } from './run';
import { yieldToEventLoop } from './run';

/** How long a tile loop runs before it lets other worker calls in, ms (`sliceMs`; tests set 0 to pause at every step). */
export const pace = { sliceMs: 40 };

/** Progress of a cooperative analysis: tile steps done of the total, and what it is doing. */
export interface AnalysisProgress {
  stage: 'counting' | 'metrics' | 'truth';
  done: number;
  total: number;
}

const running = new Set<CancelToken>();

/** Cancel every cooperative analysis in progress (counts, metrics, reading a truth); returns how many. */
export function cancelLargeAnalysis(): number {
  for (const t of running) t.cancelled = true;
  return running.size;
}

/** A pause for tile loops with their own cancel and progress (exports): yields to the event loop about every `pace.sliceMs`. */
export function yieldingPause(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < pace.sliceMs) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}

/**
 * Run `f` with a `pause` to await after each tile step: about every `pace.sliceMs` it reports progress and yields to
 * the event loop; after a cancel it throws StudioError('cancelled'). `total` steps are expected (progress only).
 */
export async function cooperative<T>(
  stage: AnalysisProgress['stage'], total: number, onProgress: ((p: AnalysisProgress) => void) | undefined,
  f: (pause: () => Promise<void>, token: CancelToken) => Promise<T>,
): Promise<T> {
  const token: CancelToken = { cancelled: false };
  running.add(token);
  let done = 0, last = performance.now();
  const pause = async () => {
    done++;
    if (performance.now() - last >= pace.sliceMs) {
      onProgress?.({ stage, done: Math.min(done, total), total });
      await yieldToEventLoop();
      last = performance.now();
    }
    if (token.cancelled) throw new StudioError('cancelled', stage === 'counting' ? 'Counting cancelled.' : stage === 'truth' ? 'Reading the ground truth cancelled.' : 'Metrics cancelled.');
  };
  try {
    const out = await f(pause, token);
    onProgress?.({ stage, done: total, total });
    return out;
  } finally {
    running.delete(token);
  }
}
