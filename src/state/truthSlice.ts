import type { StateCreator } from 'zustand';
import { StudioError } from '../errors';
import { ensureImageInWorker } from './imageSlice';
import type { GroundTruth, Studio, StudioDeps, TruthSlice } from './types';
import { latestWins } from './latestWins';
import { planeIndexOf, truthCoversImage } from './planeSlice';
import { dropLargeTruth, largeTruthStale, sendLargeTruth } from './largeTruth';

/**
 * Ground truth and metrics. The mask is decoded and held in the worker; metrics follow the threshold slider
 * from the kept probability map (never re-running the network). Metric requests are serialised and coalesced
 * (at most one in flight; while it runs, later requests collapse into one for the newest threshold), so a
 * dragged slider stays responsive and the last position always wins. A refused mask (another size, not an
 * image) changes nothing: image, result, previous mask and metrics stay.
 */
export const createTruthSlice = (deps: StudioDeps): StateCreator<Studio, [], [], TruthSlice> => (set, get) => {

  /** Send `file` as the open image's mask; returns false (and shows why) when it was refused. */
  const send = async (file: File, invert: boolean): Promise<boolean> => {
    set({ truthLoading: true });
    try {
      if (get().largeImage) return await sendLargeTruth(get, set, deps, file, invert); // read tile by tile (largeTruth.ts)
      const imageId = await ensureImageInWorker(get, set, deps);
      if (!imageId) throw new StudioError('internal', 'Open an image first, then its ground truth.');
      const generation = deps.client.generation();
      const sourceId = get().image!.sourceId;
      const info = await deps.client.setGroundTruth(imageId, await file.arrayBuffer(), file.name, invert);
      if (get().image?.sourceId !== sourceId) return false; // another image was opened meanwhile
      const groundTruth: GroundTruth = { ...info, sourceId, file, invert, generation };
      set({ groundTruth, error: null });
      get().warnData(info.warnings, `ground truth “${file.name}”`);
      await Promise.all([get().refreshMetrics(), get().refreshStackMetrics(), get().overlayMode === 'errors' ? get().refreshOverlay() : undefined]);
      return true;
    } catch (e) {
      get().showError(e);
      return false;
    } finally {
      set({ truthLoading: false });
    }
  };

  return {
    groundTruth: null,
    truthLoading: false,
    invertTruth: false,
    metrics: null,
    openTruth: async (file) => {
      if (get().truthLoading) return;
      await send(file, get().invertTruth);
    },
    setInvertTruth: async (on) => {
      const before = get().invertTruth;
      set({ invertTruth: on });
      const gt = get().groundTruth;
      if (!gt || gt.invert === on || get().truthLoading) return;
      if (!(await send(gt.file, on))) set({ invertTruth: before });
    },
    clearTruth: async () => {
      const gt = get().groundTruth;
      if (!gt) return;
      const errors = get().overlayMode === 'errors';
      set({ groundTruth: null, metrics: null, stackMetrics: null, ...(errors ? { overlayMode: 'mask' as const } : {}) });
      if (errors) void get().refreshOverlay();
      if (gt.generation !== deps.client.generation()) return; // that worker is gone, and its mask with it
      try {
        if (gt.large) await dropLargeTruth(deps, gt);
        else await deps.client.clearGroundTruth(gt.imageId);
      } catch (e) {
        get().showError(e);
      }
    },
    syncTruth: async () => {
      const { groundTruth: gt, image } = get();
      if (gt?.large) {
        // A large image's mask goes back whole when the worker lost it (it is read tile by tile there).
        if (get().largeImage && largeTruthStale(get(), gt, deps.client.generation()) && !(await send(gt.file, gt.invert))) set({ groundTruth: null, metrics: null });
        return;
      }
      if (!gt || !image || (gt.sourceId === image.sourceId && gt.generation === deps.client.generation())) return;
      // The worker lost the mask (restart): a stack mask goes back whole, a plane's mask only from its plane.
      const stackMask = gt.planes.length > 1;
      if ((!stackMask && !gt.planes.includes(planeIndexOf(image))) || !(await send(gt.file, gt.invert))) set({ groundTruth: null, metrics: null, stackMetrics: null });
    },
    refreshMetrics: latestWins(async () => {
      const { result, threshold, groundTruth, image } = get();
      if (!result || !groundTruth || image?.imageId !== result.imageId || !truthCoversImage(get())) return;
      const metrics = await deps.client.metrics(result.runId, threshold);
      if (get().result?.runId === result.runId && get().groundTruth === groundTruth) set({ metrics });
    }, (e) => get().showError(e)),
  };
};
