/**
 * Offline status and update prompt, shown in the page header:
 * - "Ready offline" (role="status") once the service worker is active, i.e. everything is precached;
 * - "New version available" with a "Reload" button when an updated service worker is waiting
 *   (registerType 'prompt': it never takes over by itself, so a run in progress is not interrupted). Updates are
 *   found when the page loads and by an hourly `registration.update()`.
 * Registration goes through vite-plugin-pwa's virtual module; in `vite dev` that module is a no-op stub.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { whenActivated } from './serviceWorker';
import './pwa.css';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** A slot appended to the page header (created once), so the status sits next to the backend badge. */
function useHeaderSlot(): HTMLElement | null {
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const header = document.querySelector('header.app-header');
    if (!header) return;
    const el = document.createElement('div');
    el.className = 'pwa-slot';
    header.appendChild(el);
    setSlot(el);
    return () => {
      el.remove();
      setSlot(null);
    };
  }, []);
  return slot;
}

export function PwaStatus() {
  // Set once the active worker is 'activated' (not the hook's `offlineReady`: that fires on the first install
  // only, before activation, and never on later visits).
  const [ready, setReady] = useState(false);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, reg) {
      if (!reg) return;
      void whenActivated(reg).then(() => setReady(!!reg.active));
      // A studio tab may stay open for days: look for a new deployment every hour (one GET of sw.js).
      setInterval(() => {
        if (navigator.onLine && !reg.installing) void reg.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
    onRegisterError(e) {
      console.warn('Service worker registration failed; the studio works online only.', e);
    },
  });
  const [reloading, setReloading] = useState(false);
  const slot = useHeaderSlot();

  const content = (
    <>
      {needRefresh && (
        <div className="pwa-update" role="region" aria-label="Update available">
          <span>New version available</span>
          <button
            type="button"
            className="pwa-reload"
            title="Reload the page with the new version (the open image and result are not kept)"
            disabled={reloading}
            onClick={() => {
              setReloading(true);
              void updateServiceWorker(true);
            }}
          >
            Reload
          </button>
          <button type="button" className="ghost pwa-later" aria-label="Dismiss update" onClick={() => setNeedRefresh(false)}>
            ✕
          </button>
        </div>
      )}
      {ready && (
        <span
          className="badge pwa-offline"
          role="status"
          title="The studio, onnxruntime-web and the models are cached: it works without a network connection."
        >
          Ready offline
        </span>
      )}
    </>
  );
  if (!needRefresh && !ready) return null;
  return slot ? createPortal(content, slot) : <div className="pwa-slot pwa-slot-inline">{content}</div>;
}
