import { describe, expect, it } from 'vitest';
import { tileGrid, tileScreenRect, visibleTileRange, visibleTiles } from './tileGrid';
import { fitViewport } from './viewport';

describe('tileGrid', () => {
  it('covers the image once, with smaller edge tiles', () => {
    const tiles = tileGrid({ width: 600, height: 300 }, 256);
    expect(tiles.map((t) => [t.col, t.row, t.x, t.y, t.width, t.height])).toEqual([
      [0, 0, 0, 0, 256, 256], [1, 0, 256, 0, 256, 256], [2, 0, 512, 0, 88, 256],
      [0, 1, 0, 256, 256, 44], [1, 1, 256, 256, 256, 44], [2, 1, 512, 256, 88, 44],
    ]);
    expect(tiles.reduce((a, t) => a + t.width * t.height, 0)).toBe(600 * 300);
  });
});

describe('visibleTileRange', () => {
  const image = { width: 1024, height: 1024 };
  const view = { width: 200, height: 100 };
  it('is every tile at fit', () => {
    const vp = fitViewport(image, { width: 200, height: 200 });
    expect(visibleTileRange(vp, { width: 200, height: 200 }, image, 256)).toEqual({ firstCol: 0, lastCol: 3, firstRow: 0, lastRow: 3 });
  });
  it('is the tiles under a zoomed view only', () => {
    // ×2 about (300, 520): the view spans x 250..350, y 495..545 → cols 0..1, rows 1..2
    const vp = { scale: 2, centerX: 300, centerY: 520 };
    expect(visibleTileRange(vp, view, image, 256)).toEqual({ firstCol: 0, lastCol: 1, firstRow: 1, lastRow: 2 });
    const tiles = visibleTiles(tileGrid(image, 256), vp, view, image, 256);
    expect(tiles.map((t) => [t.col, t.row])).toEqual([[0, 1], [1, 1], [0, 2], [1, 2]]);
  });
  it('leaves out a tile the view only touches', () => {
    // the view spans x 256..356 exactly: column 0 ends at 256 and is not drawn
    const vp = { scale: 2, centerX: 306, centerY: 300 };
    expect(visibleTileRange(vp, view, image, 256).firstCol).toBe(1);
  });
  it('is empty when the view is beside the image', () => {
    const r = visibleTileRange({ scale: 1, centerX: -500, centerY: 500 }, view, image, 256);
    expect(r.firstCol).toBeGreaterThan(r.lastCol);
  });
});

describe('tileScreenRect', () => {
  it('gives neighbouring tiles a shared whole-pixel edge at a fractional scale', () => {
    const image = { width: 512, height: 512 };
    const view = { width: 333, height: 333 };
    const vp = fitViewport(image, view); // scale 0.650390625
    const [a, b] = tileGrid(image, 256);
    const ra = tileScreenRect(a, vp, view), rb = tileScreenRect(b, vp, view);
    expect(Number.isInteger(ra.x) && Number.isInteger(ra.width)).toBe(true);
    expect(ra.x + ra.width).toBe(rb.x);
    expect(ra.x).toBe(0);
    expect(rb.x + rb.width).toBe(333);
  });
  it('scales a tile by the zoom', () => {
    const r = tileScreenRect({ col: 1, row: 0, x: 256, y: 0, width: 256, height: 256 }, { scale: 4, centerX: 300, centerY: 20 }, { width: 400, height: 400 });
    expect(r).toEqual({ x: 200 - 44 * 4, y: 200 - 80, width: 1024, height: 1024 });
  });
});
