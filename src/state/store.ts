/**
 * The one studio store (zustand), combined from its slices. `createStudio(deps)` makes a vanilla store so
 * tests can pass a fake worker client; the app uses `studio` and the `useStudio(selector)` hook.
 */
import { createStore } from 'zustand/vanilla';
import { createBatchSlice } from './batchSlice';
import { createCompareSlice } from './compareSlice';
import { createEditSlice } from './editSlice';
import { createExportSlice } from './exportSlice';
import { createImageSlice } from './imageSlice';
import { createLargeSlice } from './largeSlice';
import { createModelSlice } from './modelSlice';
import { createPlaneSlice } from './planeSlice';
import { createNoticeSlice } from './noticeSlice';
import { createRecoverySlice } from './recoverySlice';
import { createObjectsSlice } from './objectsSlice';
import { createRunSlice } from './runSlice';
import { createTruthSlice } from './truthSlice';
import type { Studio, StudioDeps } from './types';
import { createViewSlice } from './viewSlice';
import { createViewportSlice } from './viewportSlice';

export type { Studio } from './types';

export function createStudio(deps: StudioDeps) {
  return createStore<Studio>()((...a) => ({
    ...createImageSlice(deps)(...a),
    ...createLargeSlice(deps)(...a),
    ...createPlaneSlice(deps)(...a),
    ...createModelSlice(deps)(...a),
    ...createRunSlice(deps)(...a),
    ...createViewSlice(deps)(...a),
    ...createTruthSlice(deps)(...a),
    ...createExportSlice(deps)(...a),
    ...createCompareSlice(deps)(...a),
    ...createViewportSlice()(...a),
    ...createNoticeSlice()(...a),
    ...createEditSlice(deps)(...a),
    ...createRecoverySlice(deps)(...a),
    ...createBatchSlice(deps)(...a),
    ...createObjectsSlice(deps)(...a),
  }));
}

export type StudioStore = ReturnType<typeof createStudio>;
