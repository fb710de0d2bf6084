import type { StateCreator } from 'zustand';
import type { WorkerStatus } from '../worker/api';
import type { Notice, NoticeSlice, Studio } from './types';

/** What the page says for a worker status (pure; tested in noticeSlice.test.ts). */
export function noticeFor(s: WorkerStatus): Notice {
  if (s.kind === 'device-lost')
    return {
      kind: s.kind,
      message: `The GPU device was lost (${s.message}). This run finishes on WASM (CPU); the next run asks for a new GPU device. Your image, results and ground truth are kept.`,
    };
  const more = s.count > 1 ? ` (${s.count} errors like it in the last seconds)` : '';
  return { kind: s.kind, message: `WebGPU reported an error${more}: ${s.message}` };
}

/**
 * Notices from the worker's status channel (api.ts `onStatus`): things that happened without the person doing
 * anything, shown at once in a dismissible banner (ui/NoticeBanner.tsx) apart from the error banner, which
 * belongs to the person's own actions and is cleared by the next run. A device loss also re-probes the backend,
 * so the header badge says WASM right away, and marks `gpuRenew` (recoverySlice.ts: the next run gets a new
 * device). A GPU error never replaces a device-loss notice (the loss says more).
 * Nothing else changes: the image, runs and ground truth live in the worker, which keeps them.
 */
export const createNoticeSlice = (): StateCreator<Studio, [], [], NoticeSlice> => (set, get) => ({
  notice: null,
  receiveStatus: (s) => {
    if (s.kind === 'gpu-error' && get().notice?.kind === 'device-lost') return;
    set({ notice: noticeFor(s), ...(s.kind === 'device-lost' ? { gpuRenew: true } : {}) });
    if (s.kind === 'device-lost') void get().refreshBackend();
  },
  dismissNotice: () => set({ notice: null }),
  warnData: (warnings, about) => {
    if (!warnings?.length) return;
    if (get().notice?.kind === 'worker-lost' || get().notice?.kind === 'device-lost') return; // those say more
    set({ notice: { kind: 'data-warning', message: `Data warning for ${about}: ${warnings.join(' ')}` } });
  },
});
