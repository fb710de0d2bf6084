import { useEffect, useRef, type RefObject } from 'react';
import { useStudio } from '../state/studio';
import {
  fitViewport, oneToOne, pan, wheelFactor, zoomAbout, ZOOM_STEP, type Size, type Viewport,
} from '../viewer/viewport';
import { keyAction } from '../viewer/keys';

/**
 * One pane's view of the shared viewport (state/viewportSlice.ts): the viewport it draws (the stored one, or
 * its own fit when none is stored for this image), the button actions, and wheel-zoom about the cursor and
 * drag-to-pan and the keyboard (viewer/keys.ts, when the viewport has the focus) on `ref`. Every change is computed for this pane's size and stored, so all panes follow.
 */
export function usePaneViewport(ref: RefObject<HTMLElement | null>, imageId: string, image: Size, view: Size) {
  const stored = useStudio((s) => s.viewport);
  const setViewport = useStudio((s) => s.setViewport);
  const vp: Viewport = stored && stored.imageId === imageId
    ? { scale: stored.scale, centerX: stored.centerX, centerY: stored.centerY }
    : fitViewport(image, view);
  const store = (v: Viewport) => setViewport({ ...v, imageId });
  // The listeners are attached once; they read the latest values through this ref.
  const latest = useRef({ vp, image, view, store });
  latest.current = { vp, image, view, store };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const { vp, image, view, store } = latest.current;
      if (!view.width || !vp.scale) return;
      e.preventDefault(); // the page must not scroll while zooming
      const box = el.getBoundingClientRect();
      const delta = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? e.deltaY * 40 : e.deltaY;
      store(zoomAbout(vp, wheelFactor(delta), e.clientX - box.left, e.clientY - box.top, image, view));
    };
    let drag: { id: number; x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || (e.target as Element).closest('button')) return;
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
      el.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      const { vp, image, view, store } = latest.current;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      drag.x = e.clientX;
      drag.y = e.clientY;
      if (vp.scale && (dx || dy)) store(pan(vp, dx, dy, image, view));
    };
    const onUp = (e: PointerEvent) => {
      if (drag?.id === e.pointerId) drag = null;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target as Element).closest('button')) return;
      const { vp, image, view, store } = latest.current;
      const a = keyAction(e.key, e.shiftKey, view);
      if (!a || !view.width || !vp.scale) return;
      e.preventDefault(); // arrows must not scroll the page
      if (a.kind === 'zoom') store(zoomAbout(vp, a.factor, view.width / 2, view.height / 2, image, view));
      else if (a.kind === 'pan') store(pan(vp, a.dx, a.dy, image, view));
      else if (a.kind === 'one-to-one') store(oneToOne(vp, image, view));
      else setViewport(null);
    };
    el.addEventListener('keydown', onKey);
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    return () => {
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
    };
  }, [ref, setViewport]);

  const laidOut = view.width > 0 && view.height > 0 && vp.scale > 0; // before layout there is nothing to zoom
  const centre = (factor: number) => laidOut && store(zoomAbout(vp, factor, view.width / 2, view.height / 2, image, view));
  return {
    vp,
    zoomIn: () => centre(ZOOM_STEP),
    zoomOut: () => centre(1 / ZOOM_STEP),
    fit: () => setViewport(null),
    oneToOne: () => laidOut && store(oneToOne(vp, image, view)),
  };
}
