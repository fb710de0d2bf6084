import { useEffect, useRef, useState, type RefObject } from 'react';
import { screenToImage, type Size, type Viewport } from '../viewer/viewport';

/** How a tool takes the pointer: one click (fill, delete, merge) or a drag whose path is the gesture. */
export type GestureKind = 'click' | 'stroke' | 'path';

export interface EditPointer {
  kind: GestureKind;
  /** Called with the gesture in image pixels (x0, y0, x1, y1, …): one point for a click. */
  onGesture: (points: number[]) => void;
}

/** The path being drawn, in the view's CSS pixels, for the preview. */
export interface GesturePreview {
  points: number[];
  closed: boolean;
}

/**
 * Pointer input of an edit tool on a zoom view: screen points become image points at the viewport of the
 * moment (viewer/viewport.ts screenToImage, so it works at any zoom). While a tool is set the drag draws
 * instead of panning (usePaneViewport is told so); the wheel still zooms.
 */
export function useEditPointer(ref: RefObject<HTMLElement | null>, vp: Viewport, view: Size, tool: EditPointer | null): GesturePreview | null {
  const [preview, setPreview] = useState<GesturePreview | null>(null);
  const latest = useRef({ vp, view, tool });
  latest.current = { vp, view, tool };
  const active = !!tool;
  useEffect(() => {
    const el = ref.current;
    if (!el || !active) return;
    let drag: { id: number; screen: number[]; image: number[] } | null = null;
    const at = (e: PointerEvent) => {
      const b = el.getBoundingClientRect();
      const sx = e.clientX - b.left, sy = e.clientY - b.top;
      const [ix, iy] = screenToImage(latest.current.vp, latest.current.view, sx, sy);
      return { sx, sy, ix, iy };
    };
    const onDown = (e: PointerEvent) => {
      const t = latest.current.tool;
      if (!t || e.button !== 0 || (e.target as Element).closest('button')) return;
      e.preventDefault();
      e.stopImmediatePropagation(); // no pan
      const p = at(e);
      if (t.kind === 'click') return t.onGesture([p.ix, p.iy]);
      drag = { id: e.pointerId, screen: [p.sx, p.sy], image: [p.ix, p.iy] };
      el.setPointerCapture(e.pointerId);
      setPreview({ points: drag.screen.slice(), closed: t.kind === 'path' });
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      const p = at(e), n = drag.screen.length;
      if (Math.hypot(p.sx - drag.screen[n - 2], p.sy - drag.screen[n - 1]) < 1) return;
      drag.screen.push(p.sx, p.sy);
      drag.image.push(p.ix, p.iy);
      setPreview((pr) => ({ points: drag ? drag.screen.slice() : [], closed: pr?.closed ?? false }));
    };
    const onUp = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      const points = drag.image;
      drag = null;
      setPreview(null);
      latest.current.tool?.onGesture(points);
    };
    // Capture phase: these run before the pan handler on the same element.
    el.addEventListener('pointerdown', onDown, true);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    return () => {
      el.removeEventListener('pointerdown', onDown, true);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      setPreview(null);
    };
  }, [ref, active]);
  return preview;
}
