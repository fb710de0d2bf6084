/**
 * Rate limit for repeated reports (uncaptured WebGPU errors): one bad dispatch in a tile loop raises the same
 * error once per tile, and a page notice per tile would bury the page and flood the comlink channel. The first
 * report goes out at once; reports within the next `intervalMs` are folded into one summary sent when the window
 * closes (the newest message, with how many it stands for), so nothing is silently dropped.
 * Pure, with injectable timers, so it is tested without a worker (throttle.test.ts).
 */

export interface Timers {
  setTimeout: (f: () => void, ms: number) => unknown;
}

/** `report(message)`: pass on or fold in; `emit(message, count)` gets count = how many reports it stands for. */
export function throttleReports(intervalMs: number, emit: (message: string, count: number) => void, timers: Timers = globalThis): (message: string) => void {
  let windowOpen = false;
  let pending: { message: string; count: number } | undefined;
  const close = () => {
    if (!pending) {
      windowOpen = false;
      return;
    }
    const { message, count } = pending;
    pending = undefined;
    emit(message, count);
    timers.setTimeout(close, intervalMs); // the summary opens a window of its own
  };
  return (message) => {
    if (windowOpen) {
      pending = { message, count: (pending?.count ?? 0) + 1 };
      return;
    }
    windowOpen = true;
    emit(message, 1);
    timers.setTimeout(close, intervalMs);
  };
}
