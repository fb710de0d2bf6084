/**
 * Which tiles of an image a viewport shows, and where each lands on screen. The viewer keeps an image (and its
 * overlay) as a grid of tiles of `tileSize`² and draws only the visible ones, so a large image is never one
 * giant canvas and a deep zoom touches a handful of tiles. Pure maths, beside viewport.ts.
 */
import { imageToScreen, screenToImage, type Size, type Viewport } from './viewport';

/** Default tile edge in image pixels: 256² RGBA tiles are 256 KiB each, small enough to skip most of an image. */
export const TILE_SIZE = 256;

export interface TileRect {
  /** Tile column and row. */
  col: number;
  row: number;
  /** The tile's rectangle in image pixels (edge tiles are smaller). */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The tiles of a width×height image, row-major (col fastest). */
export function tileGrid(image: Size, tileSize = TILE_SIZE): TileRect[] {
  const tiles: TileRect[] = [];
  for (let y = 0, row = 0; y < image.height; y += tileSize, row++) {
    for (let x = 0, col = 0; x < image.width; x += tileSize, col++) {
      tiles.push({ col, row, x, y, width: Math.min(tileSize, image.width - x), height: Math.min(tileSize, image.height - y) });
    }
  }
  return tiles;
}

/** Inclusive column/row range of the tiles that intersect the view; empty (first > last) when none do. */
export function visibleTileRange(vp: Viewport, view: Size, image: Size, tileSize = TILE_SIZE) {
  const [x0, y0] = screenToImage(vp, view, 0, 0);
  const [x1, y1] = screenToImage(vp, view, view.width, view.height);
  const cols = Math.ceil(image.width / tileSize), rows = Math.ceil(image.height / tileSize);
  const lo = (v: number) => Math.max(0, Math.floor(v / tileSize));
  // A tile is visible when it overlaps the open interval (x0, x1): a tile that only touches the edge is not.
  const hi = (v: number, n: number) => Math.min(n - 1, Math.ceil(v / tileSize) - 1);
  return { firstCol: lo(x0), lastCol: hi(x1, cols), firstRow: lo(y0), lastRow: hi(y1, rows) };
}

/** The visible tiles of a grid made by tileGrid (same tileSize). */
export function visibleTiles(tiles: TileRect[], vp: Viewport, view: Size, image: Size, tileSize = TILE_SIZE): TileRect[] {
  const r = visibleTileRange(vp, view, image, tileSize);
  return tiles.filter((t) => t.col >= r.firstCol && t.col <= r.lastCol && t.row >= r.firstRow && t.row <= r.lastRow);
}

/**
 * Where a tile is drawn, in whole screen pixels. Edges are rounded from the image coordinates (not the tile's
 * origin plus a rounded size), so neighbouring tiles share an edge exactly: no hairline seams or overlaps.
 */
export function tileScreenRect(t: TileRect, vp: Viewport, view: Size): { x: number; y: number; width: number; height: number } {
  const [ax, ay] = imageToScreen(vp, view, t.x, t.y);
  const [bx, by] = imageToScreen(vp, view, t.x + t.width, t.y + t.height);
  const x = Math.round(ax), y = Math.round(ay);
  return { x, y, width: Math.round(bx) - x, height: Math.round(by) - y };
}
