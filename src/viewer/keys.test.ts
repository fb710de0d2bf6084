import { describe, expect, it } from 'vitest';
import { keyAction } from './keys';
import { ZOOM_STEP } from './viewport';

const view = { width: 400, height: 300 };

describe('keyAction', () => {
  it('zooms, fits and shows 1:1', () => {
    expect(keyAction('+', false, view)).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(keyAction('=', false, view)).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(keyAction('-', false, view)).toEqual({ kind: 'zoom', factor: 1 / ZOOM_STEP });
    expect(keyAction('0', false, view)).toEqual({ kind: 'fit' });
    expect(keyAction('1', false, view)).toEqual({ kind: 'one-to-one' });
  });
  it('arrows look that way: the image moves by a tenth of the view, half with Shift', () => {
    expect(keyAction('ArrowRight', false, view)).toEqual({ kind: 'pan', dx: -40, dy: 0 });
    expect(keyAction('ArrowLeft', false, view)).toEqual({ kind: 'pan', dx: 40, dy: 0 });
    expect(keyAction('ArrowDown', false, view)).toEqual({ kind: 'pan', dx: 0, dy: -30 });
    expect(keyAction('ArrowUp', true, view)).toEqual({ kind: 'pan', dx: 0, dy: 150 });
  });
  it('ignores other keys (Tab must still move the focus)', () => {
    for (const k of ['Tab', 'a', 'Enter', ' ', '2']) expect(keyAction(k, false, view)).toBeNull();
  });
});
