/**
 * The worker → page status channel (api.ts `onStatus`): events no call is waiting for, pushed through the
 * page's comlink proxy callback the moment they happen. Today: ORT's GPUDevice was lost (session.ts
 * `onDeviceLost`), and uncaptured WebGPU errors on it, rate-limited (throttle.ts). Without this the page learns
 * of a lost device only at its next run.
 * A device loss is kept, so a listener registered after it (a page that registers late) still hears of it.
 */
import type { WorkerStatus } from './api';
import { throttleReports } from './throttle';

type Listener = (s: WorkerStatus) => unknown;

let listener: Listener | undefined;
let lost: WorkerStatus | undefined;

/** Uncaptured errors: the first at once, then at most one summary per this many ms. */
export const GPU_ERROR_INTERVAL_MS = 5000;

function send(s: WorkerStatus): void {
  if (!listener) {
    console.warn(`worker status with no listener: ${s.kind}: ${s.message}`);
    return;
  }
  // The page going away (or a comlink proxy already released) must not break the worker: log it.
  void Promise.resolve()
    .then(() => listener?.(s))
    .catch((e) => console.error(`could not send the worker status "${s.kind}" to the page:`, e));
}

/** Register the page's callback (replacing an earlier one); a loss that already happened is sent at once. */
export function setStatusListener(cb: Listener): void {
  listener = cb;
  if (lost) send(lost);
}

/** ORT's GPUDevice was lost; `message` says why. */
export function reportDeviceLost(message: string): void {
  lost = { kind: 'device-lost', message };
  send(lost);
}

/** An uncaptured WebGPU error on ORT's device (rate-limited; see GPU_ERROR_INTERVAL_MS). */
export const reportGpuError: (message: string) => void = throttleReports(GPU_ERROR_INTERVAL_MS, (message, count) =>
  send({ kind: 'gpu-error', message, count }));
