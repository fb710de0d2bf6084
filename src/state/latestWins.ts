/**
 * Serialise an async refresh so that at most one call is in flight and the newest state wins: a call made while
 * one runs only marks it to run once more when it ends (dragging a slider sends many; the worker sees few).
 * Errors go to `onError` (the store's error banner). Used by the overlay, metrics and compare refreshes.
 */
export function latestWins(task: () => Promise<void>, onError: (e: unknown) => void): () => Promise<void> {
  let inFlight = false;
  let again = false;
  return async () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } catch (e) {
      onError(e);
    } finally {
      inFlight = false;
    }
  };
}
