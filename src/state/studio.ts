/** The app's store instance, wired to the real worker and the browser's download. */
import { useStore } from 'zustand';
import { saveBytes, saveStream } from '../ui/download';
import { workerClient } from '../worker/client';
import { createStudio, type Studio } from './store';

export const studio = createStudio({ client: workerClient, saveFile: saveBytes, saveStream });

/** Select one field (or use `useShallow` for a tuple): `useStudio((s) => s.runStatus)`. */
export const useStudio = <T,>(selector: (s: Studio) => T): T => useStore(studio, selector);
