import type { StateCreator } from 'zustand';
import type { ImageView } from '../worker/api';
import type { LargeImageView } from '../worker/largeApi';
import type { LargeSlice, Studio, StudioDeps } from './types';
import { effectiveWindow } from '../viewer/displayWindow';

/** True for what `openImage` returns for a plane too large to hold whole. */
export const isLargeView = (v: ImageView | LargeImageView): v is LargeImageView => 'kind' in v && v.kind === 'large';

/** Large images (types.ts LargeSlice); imageSlice.ts `openFile` fills `largeImage`. */
export const createLargeSlice = (deps: StudioDeps): StateCreator<Studio, [], [], LargeSlice> => (set, get) => ({
  largeImage: null,
  largeOpenStart: 0,
  largeRun: null,
  largeDrawnLevel: null,
  largeWindow: null,
  setLargeWindow: (largeWindow) => set({ largeWindow }),
  renderLargeRegion: async (req) => {
    const view = await ensureLargeInWorker(get, set, deps);
    if (!view) return null;
    const run = get().largeRun;
    const image = await deps.client.renderImageRegion(view.sourceId, view.plane, req, effectiveWindow(view.window, get().largeWindow));
    const overlay = run ? await deps.client.renderRunOverlay(run.runId, req, run.threshold) : null;
    return { image, overlay };
  },
  setLargeDrawnLevel: (level) => {
    if (get().largeDrawnLevel !== level) set({ largeDrawnLevel: level });
  },
});

/**
 * The open large image's source id in the current worker, opening the file again if the worker was restarted
 * since (its pyramid is rebuilt; the old worker's streamed runs are gone with it, so `largeRun` is cleared).
 */
export async function ensureLargeInWorker(get: () => Studio, set: (p: Partial<Studio>) => void, deps: StudioDeps): Promise<LargeImageView | null> {
  const { largeImage, imageSource, imageGeneration } = get();
  if (!largeImage || imageSource?.kind !== 'file') return null;
  if (imageGeneration === deps.client.generation()) return largeImage;
  const generation = deps.client.generation();
  const view = await deps.client.openImage(imageSource.file, imageSource.file.name);
  if (!isLargeView(view)) return null;
  set({ largeImage: view, imageGeneration: generation, largeRun: null });
  // Same image, new id: keep the person's zoom and pan.
  const vp = get().viewport;
  if (vp && vp.imageId === largeImage.imageId) set({ viewport: { ...vp, imageId: view.imageId } });
  return view;
}
