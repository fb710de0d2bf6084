import { StudioError, toErrorInfo } from '../errors';
import { compareCleared } from './compareSlice';
import type { Studio, StudioDeps } from './types';

/**
 * Cancel the worker's current run: set its flag (checked between tile batches) and, if the run has not stopped
 * after `cancelGraceMs` (one huge batch on a software GPU), end it by restarting the worker. `stillCancelling`
 * says whether the caller is still waiting. A restart loses every run the old worker held (the main result and
 * compare mode's A, B and baseline alike), so all their ids are dropped from the store. Returns `clear`
 * (call it once the run has ended: no restart then) and `sent` (settles when the worker answered the cancel).
 * Used by single runs and compare mode alike.
 */
export function cancelWithGrace(deps: StudioDeps, stillCancelling: () => boolean, set: (p: Partial<Studio>) => void,
  showError: (e: unknown) => void): { clear: () => void; sent: Promise<void> } {
  const timer = setTimeout(() => {
    if (!stillCancelling()) return;
    // The old worker's images and runs are gone with it; the image is re-opened on the next run.
    deps.client.restart(new StudioError('cancelled', 'Run cancelled (the worker was restarted).'));
    set({ result: null, overlay: null, metrics: null, ...compareCleared() });
  }, deps.cancelGraceMs ?? 8000);
  const sent = deps.client.cancel().catch((e: unknown) => {
    if (toErrorInfo(e).code !== 'cancelled') showError(e); // the restart above rejects it: expected
  });
  return { clear: () => clearTimeout(timer), sent };
}
