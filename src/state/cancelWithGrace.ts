import { StudioError, toErrorInfo } from '../errors';
import type { StudioDeps } from './types';

/**
 * Cancel the worker's current run: set its flag (checked between tile batches) and, if the run has not stopped
 * after `cancelGraceMs` (one huge batch on a software GPU), end it by restarting the worker. `stillCancelling`
 * says whether the caller is still waiting; `onRestart` drops what died with the old worker. Returns `clear`
 * (call it once the run has ended: no restart then) and `sent` (settles when the worker answered the cancel).
 * Used by single runs and compare mode alike.
 */
export function cancelWithGrace(deps: StudioDeps, stillCancelling: () => boolean, onRestart: () => void,
  showError: (e: unknown) => void): { clear: () => void; sent: Promise<void> } {
  const timer = setTimeout(() => {
    if (!stillCancelling()) return;
    // The old worker's images and runs are gone with it; the image is re-opened on the next run.
    deps.client.restart(new StudioError('cancelled', 'Run cancelled (the worker was restarted).'));
    onRestart();
  }, deps.cancelGraceMs ?? 8000);
  const sent = deps.client.cancel().catch((e: unknown) => {
    if (toErrorInfo(e).code !== 'cancelled') showError(e); // the restart above rejects it: expected
  });
  return { clear: () => clearTimeout(timer), sent };
}
