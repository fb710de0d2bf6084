/**
 * Small helpers around the page's service-worker registration (the registration itself is done by
 * vite-plugin-pwa's `useRegisterSW`, see PwaStatus.tsx).
 */

/**
 * Resolves once the registration's active worker has reached 'activated'. A worker only becomes active after
 * its install event succeeded, and Workbox's install precaches every entry of the manifest (a single failed
 * fetch fails the install), so at that point the app shell, onnxruntime-web's files and the models are cached.
 */
export async function whenActivated(reg: ServiceWorkerRegistration): Promise<void> {
  let sw = reg.active;
  if (!sw) {
    await navigator.serviceWorker.ready;
    sw = reg.active;
  }
  if (!sw || sw.state === 'activated') return;
  const worker = sw;
  await new Promise<void>((resolve) => {
    const check = () => {
      if (worker.state === 'activated' || worker.state === 'redundant') {
        worker.removeEventListener('statechange', check);
        resolve();
      }
    };
    worker.addEventListener('statechange', check);
    check();
  });
}
