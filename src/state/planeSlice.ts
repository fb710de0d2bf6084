import type { StateCreator } from 'zustand';
import { ensureImageInWorker } from './imageSlice';
import { exportFileName } from './exportSlice';
import { latestWins } from './latestWins';
import type { PlaneSlice, Studio, StudioDeps } from './types';
import type { ImageView } from '../worker/api';

/** The linear plane index (t·sizeZ + z) of the open plane, as the worker and the labels export count it. */
export const planeIndexOf = (image: Pick<ImageView, 'plane' | 'axes'>): number => image.plane.t * image.axes.sizeZ + image.plane.z;

/** True when the ground truth has a mask for the open plane of the open file. */
export function truthCoversImage(s: Pick<Studio, 'groundTruth' | 'image'>): boolean {
  const { groundTruth: gt, image } = s;
  return !!gt && !!image && gt.sourceId === image.sourceId && gt.planes.includes(planeIndexOf(image));
}

/**
 * Stacks and channels. Moving Z / T or the model channel asks the worker for that plane (the same plane always
 * has the same imageId) and shows its result from `planeResults` without running anything; the display
 * (contrast windows, composite colours) re-renders only the image, so masks and metrics never change with it.
 * Plane requests are coalesced (latestWins) so a dragged slider sends few.
 */
export const createPlaneSlice = (deps: StudioDeps): StateCreator<Studio, [], [], PlaneSlice> => (set, get) => {
  /** The newest plane/display asked for, and the opened file it is for (kept across worker restarts). */
  let wanted: { file: unknown; plane: ImageView['plane']; display: PlaneSlice['display'] } | null = null;
  const want = (patch: Partial<ImageView['plane']>, display: PlaneSlice['display']) => {
    const { image, imageSource } = get();
    const base = wanted?.file === imageSource ? wanted!.plane : image!.plane;
    wanted = { file: imageSource, plane: { ...base, ...patch }, display };
  };
  const showWanted = latestWins(async () => {
    const w = wanted;
    const image = get().image;
    if (!w || !image || w.file !== get().imageSource) return;
    await ensureImageInWorker(get, set, deps);
    const sourceId = get().image!.sourceId;
    const view = await deps.client.viewPlane(sourceId, w.plane, w.display ?? undefined);
    if (get().image?.sourceId !== sourceId) return; // another file was opened meanwhile
    const oldId = get().image?.imageId;
    const samePlane = view.imageId === oldId;
    // Planes of one file share their size: keep the zoom and pan while moving through Z / T / channels.
    const vp = get().viewport;
    set({ image: view, ...(vp && vp.imageId === oldId ? { viewport: { ...vp, imageId: view.imageId } } : {}) });
    if (samePlane) return; // a display change: result, overlay and metrics stay as they are
    const result = get().planeResults[view.imageId] ?? null;
    const covered = truthCoversImage(get());
    set({
      result, overlay: null, metrics: null,
      ...(get().overlayMode === 'errors' && !covered ? { overlayMode: 'mask' as const } : {}),
    });
    if (result) await Promise.all([get().refreshOverlay(), get().refreshMetrics()]);
  }, (e) => get().showError(e));

  return {
    display: null,
    planeResults: {},
    stack: null,
    stackMetrics: null,
    setPlane: async (patch) => {
      const image = get().image;
      if (!image) return;
      want(patch, get().display);
      await showWanted();
    },
    setDisplay: async (display) => {
      const image = get().image;
      if (!image) return;
      set({ display });
      want({}, display);
      await showWanted();
    },
    refreshStackMetrics: latestWins(async () => {
      const { stack, threshold, groundTruth } = get();
      if (!stack || !groundTruth || groundTruth.sourceId !== stack.sourceId) return set({ stackMetrics: null });
      const m = await deps.client.stackMetrics(stack.stackId, threshold);
      if (get().stack === stack) set({ stackMetrics: m.planes > 0 ? m : null });
    }, (e) => get().showError(e)),
    downloadStackLabels: async () => {
      const { stack, threshold, image } = get();
      if (!stack) return;
      try {
        const tif = await deps.client.exportStackLabels(stack.stackId, threshold);
        deps.saveFile(tif, exportFileName(image?.name ?? 'image', 'labels.ome.tif'), 'image/tiff');
      } catch (e) {
        get().showError(e);
      }
    },
  };
};
