/**
 * Keyboard control of the zoom/pan viewer (a focused viewport): `+`/`=` zoom in and `-` zoom out by ZOOM_STEP
 * about the view's centre, `0` fits, `1` shows 1:1, and the arrow keys move the view by a tenth of its size
 * (with Shift, by half) — the keyboard equivalents of the buttons, the wheel and dragging.
 */
import { ZOOM_STEP, type Size } from './viewport';

export type KeyAction =
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'one-to-one' }
  /** Screen pixels to drag by (viewport.ts `pan`): the image moves by (dx, dy), so the view looks the other way. */
  | { kind: 'pan'; dx: number; dy: number };

export function keyAction(key: string, shift: boolean, view: Size): KeyAction | null {
  const fx = Math.round(view.width * (shift ? 0.5 : 0.1)), fy = Math.round(view.height * (shift ? 0.5 : 0.1));
  switch (key) {
    case '+': case '=': return { kind: 'zoom', factor: ZOOM_STEP };
    case '-': case '_': return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '0': return { kind: 'fit' };
    case '1': return { kind: 'one-to-one' };
    // ArrowRight looks further right: the image moves left.
    case 'ArrowRight': return { kind: 'pan', dx: -fx, dy: 0 };
    case 'ArrowLeft': return { kind: 'pan', dx: fx, dy: 0 };
    case 'ArrowDown': return { kind: 'pan', dx: 0, dy: -fy };
    case 'ArrowUp': return { kind: 'pan', dx: 0, dy: fy };
    default: return null;
  }
}
