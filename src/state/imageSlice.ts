import type { StateCreator } from 'zustand';
import type { ImageView } from '../worker/api';
import type { ImageSlice, ImageSource, Studio, StudioDeps } from './types';

/** Open files and examples. A failed open keeps the previous image and result; the error goes to the banner. */
export const createImageSlice = (deps: StudioDeps): StateCreator<Studio, [], [], ImageSlice> => (set, get) => {
  const open = async (source: ImageSource, load: () => Promise<ImageView>) => {
    if (get().imageLoading) return;
    if (get().runStatus === 'running') void get().cancelRun(); // the run belongs to the image being replaced
    set({ imageLoading: true });
    try {
      const generation = deps.client.generation();
      const image = await load();
      const busy = get().runStatus === 'running' || get().runStatus === 'cancelling';
      set({ image, imageSource: source, imageGeneration: generation, result: null, overlay: null, error: null, ...(busy ? {} : { progress: null, runStatus: 'idle' as const }) });
      // Planes, display and stack results belonged to the previous file.
      set({ display: null, planeResults: {}, stack: null, stackMetrics: null });
      // The ground truth belonged to the previous image.
      set({ groundTruth: null, metrics: null, ...(get().overlayMode === 'errors' ? { overlayMode: 'mask' as const } : {}) });
      get().warnData(image.warnings, `“${image.name}”`);
    } catch (e) {
      get().showError(e);
    } finally {
      set({ imageLoading: false });
    }
  };
  return {
    image: null,
    imageSource: null,
    imageGeneration: -1,
    imageLoading: false,
    examples: [],
    openFile: (file) => open({ kind: 'file', file }, async () => deps.client.openImage(await file.arrayBuffer(), file.name)),
    openExample: (id) => open({ kind: 'example', id }, () => deps.client.openExample(id)),
  };
};

/**
 * The open image's id in the current worker, opening it again if the worker was restarted since (at the same
 * plane, model channel and display; the old worker's results are gone with it).
 */
export async function ensureImageInWorker(get: () => Studio, set: (p: Partial<Studio>) => void, deps: StudioDeps): Promise<string | null> {
  const { image, imageSource, imageGeneration } = get();
  if (!image || !imageSource) return null;
  if (imageGeneration === deps.client.generation()) return image.imageId;
  const generation = deps.client.generation();
  let view = imageSource.kind === 'file'
    ? await deps.client.openImage(await imageSource.file.arrayBuffer(), imageSource.file.name)
    : await deps.client.openExample(imageSource.id);
  const { display } = get();
  const p = image.plane, q = view.plane;
  if (display || p.t !== q.t || p.z !== q.z || p.c !== q.c) view = await deps.client.viewPlane(view.sourceId, image.plane, display ?? undefined);
  set({ image: view, imageGeneration: generation, planeResults: {}, stack: null, stackMetrics: null });
  // Same image, new id: keep the person's zoom and pan.
  const vp = get().viewport;
  if (vp && vp.imageId === image.imageId) set({ viewport: { ...vp, imageId: view.imageId } });
  return view.imageId;
}
