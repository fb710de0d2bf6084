/**
 * The editable label layer: an instance label image (0 = background, objects 1..) stored in fixed-size square
 * tiles that are allocated only when a pixel in them becomes non-zero, so an edit touches only the tiles it
 * covers and an empty region of a 16384² result costs nothing (ARCHITECTURE "Next shape": TileStore).
 *
 * The layer keeps, as pixels change, the pixel count of every label (so the foreground and object counts are
 * known after every edit without a scan) and a bounding box per label (a superset: it grows and never shrinks,
 * so delete/merge/split scan only the tiles an object can lie in). Every write goes through `write`, which
 * hands the old value to an attached recorder (diff.ts) first: undo/redo stays exact.
 */
import { StudioError } from '../errors';

/** Default tile edge: 256² Uint32 labels = 256 KiB, and tile offsets fit in 16 bits. */
export const EDIT_TILE = 256;

/** A rectangle in image pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Receives each pixel's value before its first change within an operation (diff.ts DiffRecorder). */
export interface WriteRecorder {
  record(tile: number, offset: number, old: number): void;
}

export class TiledLabels {
  readonly tileSize: number;
  readonly shift: number;
  readonly tilesX: number;
  readonly tilesY: number;
  /** Null: every pixel of the tile is background. */
  private readonly tiles: (Uint32Array | null)[];
  /** Pixels per label (index = label). Grows as labels are created. */
  private counts = new Float64Array(0);
  /** Per label minX, minY, maxX, maxY (inclusive); a superset of where its pixels are. */
  private boxes = new Int32Array(0);
  foreground = 0;
  objects = 0;
  /** The next unused label (labels are never reused within a layer's life, so undo cannot collide). */
  nextLabel = 1;
  recorder: WriteRecorder | null = null;

  constructor(readonly width: number, readonly height: number, tileSize = EDIT_TILE) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new StudioError('internal', `TiledLabels: width and height must be positive integers, got ${width}×${height}`);
    }
    if (!Number.isInteger(Math.log2(tileSize)) || tileSize < 8 || tileSize > 256) {
      throw new StudioError('internal', `TiledLabels: the tile size must be a power of two in 8..256, got ${tileSize}`);
    }
    this.tileSize = tileSize;
    this.shift = Math.log2(tileSize);
    this.tilesX = Math.ceil(width / tileSize);
    this.tilesY = Math.ceil(height / tileSize);
    this.tiles = new Array(this.tilesX * this.tilesY).fill(null);
  }

  /** A layer holding `labels` (row-major, width×height; e.g. metrics/components.ts output). */
  static fromLabels(labels: Uint32Array, width: number, height: number, tileSize = EDIT_TILE): TiledLabels {
    if (labels.length !== width * height) {
      throw new StudioError('size-mismatch', `TiledLabels.fromLabels: ${labels.length} labels for ${width}×${height}`);
    }
    const t = new TiledLabels(width, height, tileSize);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) if (labels[row + x] !== 0) t.set(x, y, labels[row + x]);
    }
    return t;
  }

  /** Tiles that hold at least one non-zero pixel at some point (allocated tiles). */
  get allocatedTiles(): number {
    let n = 0;
    for (const t of this.tiles) if (t) n++;
    return n;
  }

  get(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return 0;
    const t = this.tiles[(y >> this.shift) * this.tilesX + (x >> this.shift)];
    return t ? t[((y & (this.tileSize - 1)) << this.shift) | (x & (this.tileSize - 1))] : 0;
  }

  /** Set one pixel (ignored outside the image); returns whether it changed. */
  set(x: number, y: number, v: number): boolean {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return false;
    const m = this.tileSize - 1;
    return this.write((y >> this.shift) * this.tilesX + (x >> this.shift), ((y & m) << this.shift) | (x & m), v);
  }

  /** Set the pixels x0..x1 (inclusive) of row y to v, tile by tile (the span of a brush or a polygon row). */
  fillSpan(y: number, x0: number, x1: number, v: number): void {
    if (y < 0 || y >= this.height) return;
    const m = this.tileSize - 1, rowBase = (y >> this.shift) * this.tilesX, rowOff = (y & m) << this.shift;
    for (let x = Math.max(0, x0), end = Math.min(this.width - 1, x1); x <= end; x++) this.write(rowBase + (x >> this.shift), rowOff | (x & m), v);
  }

  /** Tile `tile`'s array (null = all background). Read-only for callers. */
  tile(tile: number): Uint32Array | null {
    return this.tiles[tile];
  }

  /** The image rectangle of a tile (edge tiles are smaller). */
  tileRect(tile: number): Rect {
    const x = (tile % this.tilesX) * this.tileSize, y = Math.floor(tile / this.tilesX) * this.tileSize;
    return { x, y, width: Math.min(this.tileSize, this.width - x), height: Math.min(this.tileSize, this.height - y) };
  }

  /**
   * The one write path: counts, boxes and the recorder follow every change. `offset` is (y·tileSize + x)
   * inside the tile. Undo/redo write through here with the recorder detached.
   */
  write(tile: number, offset: number, v: number): boolean {
    let t = this.tiles[tile];
    const old = t ? t[offset] : 0;
    if (old === v) return false;
    if (!t) t = this.tiles[tile] = new Uint32Array(this.tileSize * this.tileSize);
    this.recorder?.record(tile, offset, old);
    t[offset] = v;
    if (old !== 0 && --this.counts[old] === 0) this.objects--;
    if (old !== 0 && v === 0) this.foreground--;
    if (v !== 0) {
      this.ensureLabel(v);
      if (this.counts[v]++ === 0) this.objects++;
      if (old === 0) this.foreground++;
      const x = (tile % this.tilesX) * this.tileSize + (offset & (this.tileSize - 1));
      const y = Math.floor(tile / this.tilesX) * this.tileSize + (offset >> this.shift);
      const b = v * 4, bx = this.boxes;
      if (x < bx[b]) bx[b] = x;
      if (y < bx[b + 1]) bx[b + 1] = y;
      if (x > bx[b + 2]) bx[b + 2] = x;
      if (y > bx[b + 3]) bx[b + 3] = y;
    }
    return true;
  }

  /** A label no pixel has ever had. */
  newLabel(): number {
    const l = this.nextLabel;
    this.ensureLabel(l);
    return l;
  }

  /** Pixels of `label` now. */
  count(label: number): number {
    return label > 0 && label < this.nextLabel ? this.counts[label] : 0;
  }

  /** A rectangle that holds every pixel of `label` (null when it has none). */
  box(label: number): Rect | null {
    if (this.count(label) === 0) return null;
    const b = label * 4, bx = this.boxes;
    return { x: bx[b], y: bx[b + 1], width: bx[b + 2] - bx[b] + 1, height: bx[b + 3] - bx[b + 1] + 1 };
  }

  /** Indices of the tiles a rectangle overlaps (clipped to the image). */
  tilesIn(r: Rect): number[] {
    const x0 = Math.max(0, r.x), y0 = Math.max(0, r.y);
    const x1 = Math.min(this.width, r.x + r.width) - 1, y1 = Math.min(this.height, r.y + r.height) - 1;
    const out: number[] = [];
    if (x1 < x0 || y1 < y0) return out;
    for (let ty = y0 >> this.shift; ty <= y1 >> this.shift; ty++) {
      for (let tx = x0 >> this.shift; tx <= x1 >> this.shift; tx++) out.push(ty * this.tilesX + tx);
    }
    return out;
  }

  /** Replace every pixel of label `from` by `to` (0 deletes); returns how many changed. */
  relabel(from: number, to: number): number {
    const box = this.box(from);
    if (!box || from === to) return 0;
    let n = 0;
    for (const ti of this.tilesIn(box)) {
      const t = this.tiles[ti];
      if (!t) continue;
      for (let o = 0; o < t.length; o++) if (t[o] === from) { this.write(ti, o, to); n++; }
    }
    return n;
  }

  /** The whole layer as one row-major array (exports, "Use as ground truth"). */
  toLabels(): Uint32Array {
    const out = new Uint32Array(this.width * this.height);
    this.tiles.forEach((t, ti) => {
      if (!t) return;
      const r = this.tileRect(ti);
      for (let y = 0; y < r.height; y++) {
        out.set(t.subarray(y << this.shift, (y << this.shift) + r.width), (r.y + y) * this.width + r.x);
      }
    });
    return out;
  }

  private ensureLabel(l: number): void {
    if (l >= this.nextLabel) {
      if (!Number.isInteger(l) || l < 0 || l > 0xffffffff) throw new StudioError('internal', `TiledLabels: a label must be a 32-bit integer, got ${l}`);
      this.nextLabel = l + 1;
    }
    if (l < this.counts.length) return;
    let cap = Math.max(64, this.counts.length);
    while (cap <= l) cap *= 2;
    const counts = new Float64Array(cap);
    counts.set(this.counts);
    const boxes = new Int32Array(cap * 4);
    boxes.set(this.boxes);
    for (let i = this.counts.length; i < cap; i++) {
      boxes[i * 4] = boxes[i * 4 + 1] = 0x7fffffff;
      boxes[i * 4 + 2] = boxes[i * 4 + 3] = -1;
    }
    this.counts = counts;
    this.boxes = boxes;
  }
}
