import { StudioError, toErrorInfo } from '../errors';
import { ensureLargeInWorker } from './largeSlice';
import type { GroundTruth, Studio, StudioDeps } from './types';

/**
 * The ground truth of a large image (issue #12), behind the same Truth panel and `groundTruth` state as
 * ordinary images (truthSlice.ts calls these when a large image is open). The mask File goes to the worker
 * as is (a structured clone of a File does not copy its data) and is read there tile by tile
 * (worker/largeTruth.ts), with progress in `largeAnalysis` and "Cancel" working; it belongs to the image, so
 * it may come before or after a run, and its metrics follow the threshold (largeRunSlice.ts refreshLargeRun).
 */

/** The open large image's mask, if `groundTruth` is one (opening another file clears it, imageSlice.ts). */
export const largeTruthOf = (s: Pick<Studio, 'groundTruth' | 'largeImage'>): GroundTruth | null =>
  s.groundTruth?.large && s.largeImage ? s.groundTruth : null;

type Set = (p: Partial<Studio>) => void;

/** Send `file` as the open large image's mask; false (after saying why, unless the person cancelled) when refused. */
export async function sendLargeTruth(get: () => Studio, set: Set, deps: StudioDeps, file: File, invert: boolean): Promise<boolean> {
  try {
    const view = await ensureLargeInWorker(get, set, deps);
    if (!view) throw new StudioError('internal', 'Open an image first, then its ground truth.');
    // A metrics pass may be reading the mask this one replaces.
    await deps.client.cancelLargeAnalysis();
    const generation = deps.client.generation();
    const info = await deps.client.setLargeTruth(view.imageId, file, file.name, invert, (p) => {
      if (get().largeImage?.imageId === view.imageId) set({ largeAnalysis: { ...p, threshold: get().threshold } });
    });
    if (get().largeImage?.imageId !== view.imageId) return false; // another image was opened meanwhile
    const groundTruth: GroundTruth = {
      imageId: view.imageId, name: info.name, width: info.width, height: info.height, planes: [0], isInstance: info.source === 'instance labels',
      objects: info.objects, foregroundPixels: info.foregroundPixels, sourceId: view.sourceId, file, invert, generation, large: true,
    };
    set({ groundTruth, metrics: null, error: null, largeAnalysisCancelled: null });
    void get().refreshLargeRun();
    return true;
  } catch (e) {
    if (toErrorInfo(e).code !== 'cancelled') get().showError(e);
    return false;
  } finally {
    set({ largeAnalysis: null });
  }
}

/** Drop the large mask in the worker (the state is already cleared by the caller). */
export async function dropLargeTruth(deps: StudioDeps, gt: GroundTruth): Promise<void> {
  await deps.client.cancelLargeAnalysis();
  await deps.client.clearLargeTruth(gt.imageId);
}

/** True when the worker no longer holds `gt` for the open large image (restart, image opened again). */
export const largeTruthStale = (s: Studio, gt: GroundTruth, generation: number): boolean =>
  gt.generation !== generation || gt.imageId !== s.largeImage?.imageId;
