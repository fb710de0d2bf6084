import type { StateCreator } from 'zustand';
import type { ObjectFilter } from '../export/objectFilter';
import { OBJECT_SUFFIX, type ObjectFormat } from '../export/objectFiles';
import type { ObjectPolygon } from '../measure/contours';
import type { ObjectRow } from '../measure/regionprops';
import type { ObjectsView } from '../worker/api';
import type { Studio, StudioDeps } from './types';

/** The object selected in the table: its row and outline (pixel corners), drawn over the viewer. */
export interface SelectedObject {
  runId: string;
  threshold: number;
  row: ObjectRow;
  outline: ObjectPolygon[];
}

/** Objects panel: measurements of the current result at the current threshold, sort, filter, histogram, selection. */
export interface ObjectsSlice {
  /** The person asked for the table; it then follows the result and the threshold. */
  objectsWanted: boolean;
  objects: ObjectsView | null;
  objectsLoading: boolean;
  /** Column key (measure/columns.ts) and direction of the table's sort. */
  objectSort: { key: string; desc: boolean };
  /** Applies to the table, the histogram and every objects export. */
  objectFilter: ObjectFilter;
  histogramColumn: string;
  selectedObject: SelectedObject | null;
  measureObjects: () => Promise<void>;
  setObjectSort: (key: string) => void;
  setObjectFilter: (f: ObjectFilter) => void;
  setHistogramColumn: (key: string) => void;
  /** Outline the object; the caller zooms the viewer to it. */
  selectObject: (row: ObjectRow | null) => Promise<void>;
  downloadObjects: (format: Extract<ObjectFormat, 'csv' | 'geojson' | 'roi'>) => Promise<void>;
}

const MIME: Record<'csv' | 'geojson' | 'roi', string> = { csv: 'text/csv', geojson: 'application/geo+json', roi: 'application/zip' };

/** "cells.tif" + ".geojson" → "cells.geojson": the names `npm run segment` gives the same files. */
export const objectFileName = (imageName: string, format: keyof typeof OBJECT_SUFFIX): string =>
  `${imageName.replace(/\.[^./\\]+$/, '') || 'image'}${OBJECT_SUFFIX[format]}`;

export const createObjectsSlice = (deps: StudioDeps): StateCreator<Studio, [], [], ObjectsSlice> => (set, get) => {
  let seq = 0; // the latest measurement request; older answers are dropped
  return {
    objectsWanted: false,
    objects: null,
    objectsLoading: false,
    objectSort: { key: 'label', desc: false },
    objectFilter: {},
    histogramColumn: 'area',
    selectedObject: null,
    measureObjects: async () => {
      const { result, threshold } = get();
      set({ objectsWanted: true });
      if (!result) return set({ objects: null });
      const my = ++seq;
      set({ objectsLoading: true });
      try {
        const view = await deps.client.objectsTable(result.runId, threshold);
        if (my !== seq) return; // latest wins: a slider move or a new run asked again meanwhile
        const sel = get().selectedObject;
        set({ objects: view, selectedObject: sel && sel.runId === view.runId && sel.threshold === view.threshold ? sel : null });
      } catch (e) {
        get().showError(e);
      } finally {
        if (my === seq) set({ objectsLoading: false });
      }
    },
    setObjectSort: (key) => set((s) => ({ objectSort: { key, desc: s.objectSort.key === key ? !s.objectSort.desc : false } })),
    setObjectFilter: (objectFilter) => set({ objectFilter }),
    setHistogramColumn: (histogramColumn) => set({ histogramColumn }),
    selectObject: async (row) => {
      const objects = get().objects;
      if (!row || !objects) return set({ selectedObject: null });
      try {
        const outline = await deps.client.objectOutline(objects.runId, objects.threshold, row.label, row.bbox);
        set({ selectedObject: { runId: objects.runId, threshold: objects.threshold, row, outline } });
      } catch (e) {
        get().showError(e);
      }
    },
    downloadObjects: async (format) => {
      const { result, threshold, objectFilter, image } = get();
      if (!result) return;
      try {
        const bytes = await deps.client.exportObjects(result.runId, threshold, format, objectFilter);
        deps.saveFile(bytes, objectFileName(image?.name ?? 'image', format), MIME[format]);
      } catch (e) {
        get().showError(e);
      }
    },
  };
};
