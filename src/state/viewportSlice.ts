import type { StateCreator } from 'zustand';
import type { Studio, ViewportSlice } from './types';

/**
 * The one zoom/pan state every viewer pane draws (the main viewer and each compare pane), so zooming or
 * dragging in one moves them all. `null` (or a viewport of another image) means "fit": each pane then fits the
 * image to its own size. Panes compute new viewports with src/viewer/viewport.ts and store them here.
 */
export const createViewportSlice = (): StateCreator<Studio, [], [], ViewportSlice> => (set) => ({
  viewport: null,
  setViewport: (viewport) => set({ viewport }),
});
