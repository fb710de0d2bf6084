/** The app's store instance, wired to the real worker and the browser's download. */
import { useStore } from 'zustand';
import { browserTrainingStore } from '../storage/trainingStore';
import { pickLargeSink, saveBlob, saveBytes, saveStream } from '../ui/download';
import { workerClient } from '../worker/client';
import { createStudio, type Studio } from './store';

export const studio = createStudio({ client: workerClient, saveFile: saveBytes, saveStream, pickLargeSink, saveBlob, trainingStore: browserTrainingStore() });

/** In test mode (client.ts made `__studioTest`), specs read the store's ids from there (e2e/largeRun.spec.ts). */
const hooks = (globalThis as { __studioTest?: Record<string, unknown> }).__studioTest;
if (hooks) hooks.studio = studio;

/** Select one field (or use `useShallow` for a tuple): `useStudio((s) => s.runStatus)`. */
export const useStudio = <T,>(selector: (s: Studio) => T): T => useStore(studio, selector);
