import type { StateCreator } from 'zustand';
import type { ImageView } from '../worker/api';
import type { LargeImageView } from '../worker/largeApi';
import { isLargeView } from './largeSlice';
import type { ImageSlice, ImageSource, Studio, StudioDeps } from './types';

/** Open files and examples. A failed open keeps the previous image and result; the error goes to the banner. */
export const createImageSlice = (deps: StudioDeps): StateCreator<Studio, [], [], ImageSlice> => (set, get) => {
  const open = async (source: ImageSource, load: () => Promise<ImageView | LargeImageView>) => {
    if (get().imageLoading) return;
    if (get().runStatus === 'running') void get().cancelRun(); // the run belongs to the image being replaced
    set({ imageLoading: true });
    try {
      const generation = deps.client.generation();
      const start = performance.now();
      const view = await load();
      const busy = get().runStatus === 'running' || get().runStatus === 'cancelling';
      // A large image is drawn by level of detail (largeSlice.ts); the whole-plane `image` is then null.
      const large = isLargeView(view) ? view : null;
      const image = large ? null : (view as ImageView);
      set({ image, largeImage: large, largeOpenStart: start, largeRun: null, largeDrawnLevel: null, largeWindow: null, imageSource: source, imageGeneration: generation, result: null, overlay: null, error: null, ...(busy ? {} : { progress: null, runStatus: 'idle' as const }) });
      // Planes, display and stack results belonged to the previous file.
      set({ display: null, planeResults: {}, stack: null, stackMetrics: null });
      // The ground truth belonged to the previous image.
      set({ groundTruth: null, metrics: null, ...(get().overlayMode === 'errors' ? { overlayMode: 'mask' as const } : {}) });
      if (image) get().warnData(image.warnings, `“${image.name}”`);
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
    // The File itself goes to the worker (no copy of its data); the worker reads what it needs.
    openFile: (file) => open({ kind: 'file', file }, () => deps.client.openImage(file, file.name)),
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
  const opened = imageSource.kind === 'file'
    ? await deps.client.openImage(imageSource.file, imageSource.file.name)
    : await deps.client.openExample(imageSource.id);
  if (isLargeView(opened)) return null; // the file is the same: it cannot have become large
  let view = opened;
  const { display } = get();
  const p = image.plane, q = view.plane;
  if (display || p.t !== q.t || p.z !== q.z || p.c !== q.c) view = await deps.client.viewPlane(view.sourceId, image.plane, display ?? undefined);
  set({ image: view, imageGeneration: generation, planeResults: {}, stack: null, stackMetrics: null });
  // Same image, new id: keep the person's zoom and pan.
  const vp = get().viewport;
  if (vp && vp.imageId === image.imageId) set({ viewport: { ...vp, imageId: view.imageId } });
  return view.imageId;
}
