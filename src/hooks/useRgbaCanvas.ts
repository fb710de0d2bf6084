import { useEffect, useRef } from 'react';
import { clearCanvas, drawRgba } from '../ui/canvas/drawRgba';

/** A canvas ref that shows `view` (RGBA from the worker) whenever it changes, and clears on null. */
export function useRgbaCanvas(view: { rgba: Uint8ClampedArray; width: number; height: number } | null) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    if (view) drawRgba(c, view.rgba, view.width, view.height);
    else clearCanvas(c);
  }, [view]);
  return ref;
}
