import { describe, expect, it } from 'vitest';
import { EditSession } from './editSession';
import type { EditOp } from './ops';
import { picOf, recount } from './testPic';
import { TiledLabels } from './tiledLabels';

/** A deterministic mix of every op on a w×h layer. */
function randomOps(n: number, w: number, h: number, seed = 11): EditOp[] {
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pt = () => [rnd() * w, rnd() * h];
  const poly = (k: number) => Array.from({ length: k }, pt).flat();
  const kinds = ['brush', 'erase', 'fill', 'delete', 'merge', 'split', 'draw'] as const;
  return Array.from({ length: n }, (_, i): EditOp => {
    const kind = kinds[i % kinds.length];
    const [x, y] = pt(), [bx, by] = pt();
    switch (kind) {
      case 'brush': return { kind, points: poly(3), radius: 0.5 + rnd() * 4 };
      case 'erase': return { kind, points: poly(2), radius: 0.5 + rnd() * 3 };
      case 'fill': return { kind, x, y };
      case 'delete': return { kind, x, y };
      case 'merge': return { kind, ax: x, ay: y, bx, by };
      case 'split': return { kind, points: poly(2) };
      case 'draw': return { kind, points: poly(5) };
    }
  });
}

describe('EditSession undo/redo', () => {
  it('undoes 200 mixed edits back to the start and redoes them to the end, pixel for pixel at every step', () => {
    const w = 40, h = 30;
    const s = new EditSession(new TiledLabels(w, h, 8));
    s.apply({ kind: 'draw', points: [5, 5, 30, 5, 30, 25, 5, 25] });
    const states: string[][] = [picOf(s.layer)];
    for (const op of randomOps(200, w, h)) if (s.apply(op).changed) states.push(picOf(s.layer));
    expect(states.length - 1).toBeGreaterThanOrEqual(100);
    // Undo all the way: each undo gives back the state before its step, with counts that match a rescan.
    for (let i = states.length - 2; i >= 0; i--) {
      const c = s.undo();
      expect(picOf(s.layer), `undo to state ${i}`).toEqual(states[i]);
      expect({ foreground: c.foregroundPixels, objects: c.objects }).toEqual(recount(s.layer));
    }
    for (let i = 1; i < states.length; i++) {
      s.redo();
      expect(picOf(s.layer), `redo to state ${i}`).toEqual(states[i]);
    }
    expect(s.redo().note).toMatch(/Nothing to redo/);
  });

  it('a single undo restores the foreground count exactly, redo drops it again', () => {
    const s = EditSession.fromMask(Uint8Array.from({ length: 64 * 64 }, (_, i) => ((i % 64) > 10 && (i % 64) < 50 ? 1 : 0)), 64, 64, 16);
    const before = s.state().foregroundPixels;
    const erased = s.apply({ kind: 'erase', points: [0, 32, 63, 32], radius: 3 });
    expect(erased.foregroundPixels).toBeLessThan(before);
    expect(s.undo().foregroundPixels).toBe(before);
    expect(s.redo().foregroundPixels).toBe(erased.foregroundPixels);
  });

  it('a new edit clears redo; nothing changed → no history step', () => {
    const s = new EditSession(new TiledLabels(16, 16, 8));
    s.apply({ kind: 'brush', points: [4, 4], radius: 2 });
    s.undo();
    expect(s.history.redoSteps).toBe(1);
    s.apply({ kind: 'brush', points: [10, 10], radius: 2 });
    expect(s.history.redoSteps).toBe(0);
    const none = s.apply({ kind: 'delete', x: 0.5, y: 15.5 });
    expect(none.changed).toBe(0);
    expect(s.history.undoSteps).toBe(1);
  });
});

describe('diff size and budget', () => {
  it('a brush stroke on a 4096² layer costs bytes by its outline, not by the image, and touches only its tiles', () => {
    const s = new EditSession(new TiledLabels(4096, 4096));
    const c = s.apply({ kind: 'brush', points: [100, 100, 900, 140], radius: 12 });
    // ~800 × 25 pixels; each tile row of the stroke is one span and the label one run.
    expect(c.changed).toBeGreaterThan(19_000);
    expect(c.historyBytes).toBeLessThan(c.changed * 0.6); // < 0.6 B per pixel (a copy of the tiles would be 4 B × 65 536 each)
    expect(c.tiles.length).toBeLessThanOrEqual(8);
    expect(s.layer.allocatedTiles).toBe(c.tiles.length);
    // The same stroke as an eraser over it: the old side is one label run per tile too.
    const e = s.apply({ kind: 'erase', points: [100, 100, 900, 140], radius: 12 });
    expect(e.historyBytes - c.historyBytes).toBeLessThan(e.changed * 0.6);
  });

  it('keeps at most maxSteps and stays under maxBytes by forgetting the oldest steps', () => {
    const s = new EditSession(new TiledLabels(256, 256, 64), { maxSteps: 120, maxBytes: 20_000 });
    for (let i = 0; i < 300; i++) s.apply({ kind: i % 2 ? 'erase' : 'brush', points: [10, (i % 200) + 5, 200, (i % 200) + 5], radius: 2 } as EditOp);
    expect(s.history.undoSteps).toBeLessThanOrEqual(120);
    expect(s.history.bytes).toBeLessThanOrEqual(20_000);
    expect(s.history.undoSteps).toBeGreaterThan(10);
    const big = new EditSession(new TiledLabels(64, 64, 8), { maxSteps: 500, maxBytes: 1e9 });
    for (let i = 0; i < 300; i++) big.apply({ kind: i % 2 ? 'erase' : 'brush', points: [4, 4], radius: 3 } as EditOp);
    expect(big.history.undoSteps).toBe(300);
  });
});
