/**
 * Long tile loops written once as generators that yield after each tile, run either to the end at once
 * (`drain`: the CLI, exports, tests) or cooperatively (`drainAsync`: the worker, which must answer other
 * calls, report progress and notice a cancel while it counts a gigapixel result). Both give the same result:
 * the generator is the only implementation.
 */

/** A tile loop: yields once per tile (the value is ignored), returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Run `steps` to the end without pausing. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Run `steps`, awaiting `pause()` after every tile (it may yield to the event loop, report progress, or throw to cancel). */
export async function drainAsync<T>(steps: Steps<T>, pause: () => Promise<void> | void): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}
