import type { StateCreator } from 'zustand';
import { StudioError } from '../errors';
import { compareCleared } from './compareSlice';
import { ensureImageInWorker } from './imageSlice';
import { ensureLargeInWorker } from './largeSlice';
import { ensureModelsInWorker } from './modelSlice';
import type { RecoverySlice, Studio, StudioDeps } from './types';

/** What the page says when the worker died on its own (pure; tested in recoverySlice.test.ts). */
export function workerLostMessage(why: string, reopened: { image: boolean; truth: boolean }): string {
  const back = reopened.image ? ` Your image${reopened.truth ? ' and ground truth are' : ' is'} open again;` : '';
  return `${why} A new worker has started.${back} your model, threshold and settings are kept. The last result was lost with the worker: segment again to re-run.`;
}

/**
 * Recovery from a lost worker and a lost GPU device.
 * - `recoverWorker(why)` (client.ts `onLost`): the worker died on its own (out of memory, a crash). Its runs are
 *   gone, so results, overlays and metrics are cleared; everything the person chose lives in this store and stays
 *   (model, backend, threshold, tiling, compare settings). A new worker starts at once and gets the open image,
 *   the ground truth and the selected own models again from the File objects the store holds; the notice says
 *   so and offers "Segment again".
 * - `gpuRenew`: ORT cannot make a new GPUDevice in the worker once its device is lost (its WebGPU backend is
 *   initialised once per ORT instance), so after a loss the next run starts a fresh worker, whose ORT asks for a
 *   new device. The run during which the device was lost finishes on the CPU path in the old worker (session.ts).
 */
export const createRecoverySlice = (deps: StudioDeps): StateCreator<Studio, [], [], RecoverySlice> => (set, get) => {
  let recovering: Promise<void> | undefined;
  const reopen = async () => {
    const { modelId, compareModels } = get();
    await ensureImageInWorker(get, set, deps);
    await ensureLargeInWorker(get, set, deps);
    await get().syncTruth();
    await ensureModelsInWorker(get, set, deps, [...new Set([modelId, ...compareModels].filter(Boolean))]);
    await get().refreshBackend();
  };
  return {
    gpuRenew: false,
    recoverWorker: async (why) => {
      const busy = get().runStatus === 'running' || get().runStatus === 'cancelling';
      const comparing = get().compareStatus === 'running' || get().compareStatus === 'cancelling';
      set({
        result: null, overlay: null, metrics: null, gpuRenew: false, largeRun: null, ...compareCleared(),
        ...(busy ? { runStatus: 'idle' as const, progress: null } : {}),
        ...(comparing ? { compareStatus: 'idle' as const, compareProgress: null } : {}),
        notice: { kind: 'worker-lost', message: `${why} A new worker is starting…` },
      });
      recovering ??= reopen().finally(() => (recovering = undefined));
      try {
        await recovering;
        const { image, largeImage, groundTruth } = get();
        set({ notice: { kind: 'worker-lost', message: workerLostMessage(why, { image: !!image || !!largeImage, truth: !!groundTruth }) } });
      } catch (e) {
        set({ notice: { kind: 'worker-lost', message: `${why} A new worker has started, but the open files could not be sent to it again: open them again.` } });
        get().showError(e);
      }
    },
    renewGpuBeforeRun: () => {
      const { gpuRenew, backendChoice } = get();
      if (!gpuRenew || backendChoice === 'wasm') return;
      // Nothing runs now (callers check): the old worker's results are replaced by the run about to start.
      deps.client.restart(new StudioError('worker-lost', 'The worker was restarted for a new GPU device.'));
      set({ gpuRenew: false, result: null, overlay: null, metrics: null, ...compareCleared() });
    },
  };
};
