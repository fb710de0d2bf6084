/**
 * Results of any size, held compactly (ARCHITECTURE.md "Next shape": TileStore). A width×height raster of one
 * dtype cut into fixed tileSize² tiles (edge tiles are stored full size, the part past the image is zero);
 * at most `budgetBytes` of tiles are resident, the least recently used beyond that are written to a
 * SpillBacking (OPFS in the worker, a temp file in Node, a Map in tests) and read back on demand.
 *
 * Every consumer reads by tile (getTile / forEachTile) or by a small region (readRegion, optionally strided
 * for overviews), so no consumer needs the whole raster in memory.
 *
 * Memory bound: resident tile bytes ≤ max(budgetBytes, one tile) + one tile while a tile is being swapped in,
 * plus the backing's own bookkeeping (a Set of slot numbers). With a memorySpill backing the evicted tiles
 * still live in memory (tests only).
 */
import { StudioError } from '../errors';
import type { Rect } from '../io/source';
import { memorySpill, type SpillBacking } from './spill';

export type TileDType = 'uint8' | 'uint16' | 'uint32' | 'float32';
export type TileArray = Uint8Array | Uint16Array | Uint32Array | Float32Array;

const CTORS = { uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, float32: Float32Array } as const;

/** Bytes per element of a dtype. */
export const dtypeBytes = (d: TileDType): number => CTORS[d].BYTES_PER_ELEMENT;

/** A typed array of `dtype` with n elements. */
export const allocTyped = (d: TileDType, n: number): TileArray => new CTORS[d](n);

export interface TileStoreOptions {
  width: number;
  height: number;
  dtype: TileDType;
  /** Tile edge in pixels (default 512). */
  tileSize?: number;
  /** Resident bytes before tiles spill (default 256 MiB). */
  budgetBytes?: number;
  /** Where spilled tiles go (default memorySpill(), i.e. no real bound: pass OPFS / a temp file). */
  spill?: SpillBacking;
}

export interface TileStoreStats {
  residentTiles: number;
  residentBytes: number;
  peakResidentBytes: number;
  /** Tiles written to the backing so far (each counted once per write). */
  spillWrites: number;
  spillReads: number;
}

export class TileStore {
  readonly width: number;
  readonly height: number;
  readonly dtype: TileDType;
  readonly tileSize: number;
  readonly tilesX: number;
  readonly tilesY: number;
  readonly budgetBytes: number;
  readonly tileBytes: number;
  private readonly spill: SpillBacking;
  /** Resident tiles in LRU order (Map iteration = insertion order; a hit re-inserts at the end). */
  private readonly resident = new Map<number, TileArray>();
  private readonly dirty = new Set<number>();
  private readonly s: TileStoreStats = { residentTiles: 0, residentBytes: 0, peakResidentBytes: 0, spillWrites: 0, spillReads: 0 };

  constructor(o: TileStoreOptions) {
    const ts = o.tileSize ?? 512;
    if (!(Number.isInteger(o.width) && Number.isInteger(o.height) && o.width > 0 && o.height > 0))
      throw new StudioError('internal', `TileStore: size must be positive integers, got ${o.width}×${o.height}`);
    if (!(Number.isInteger(ts) && ts > 0)) throw new StudioError('internal', `TileStore: tile size must be a positive integer, got ${ts}`);
    this.width = o.width;
    this.height = o.height;
    this.dtype = o.dtype;
    this.tileSize = ts;
    this.tilesX = Math.ceil(o.width / ts);
    this.tilesY = Math.ceil(o.height / ts);
    this.tileBytes = ts * ts * dtypeBytes(o.dtype);
    this.budgetBytes = Math.max(o.budgetBytes ?? 256 * 2 ** 20, this.tileBytes);
    this.spill = o.spill ?? memorySpill();
  }

  /** The image rect a tile covers (clipped at the right/bottom edge). */
  tileRect(tx: number, ty: number): Rect {
    const x = tx * this.tileSize, y = ty * this.tileSize;
    return { x, y, width: Math.min(this.tileSize, this.width - x), height: Math.min(this.tileSize, this.height - y) };
  }

  /**
   * The tileSize² array of tile (tx, ty), row stride tileSize; zeros where nothing was written. The array
   * belongs to the store: with `forWrite` the store writes it back before evicting it, so changes made
   * through it persist — but only until the next store call, which may evict it.
   */
  getTile(tx: number, ty: number, forWrite = false): TileArray {
    if (tx < 0 || ty < 0 || tx >= this.tilesX || ty >= this.tilesY)
      throw new StudioError('internal', `TileStore: tile (${tx}, ${ty}) outside ${this.tilesX}×${this.tilesY}`);
    const key = ty * this.tilesX + tx;
    let t = this.resident.get(key);
    if (t) {
      this.resident.delete(key); // move to the most-recent end
    } else {
      this.evict(this.tileBytes);
      t = allocTyped(this.dtype, this.tileSize * this.tileSize);
      if (this.spill.read(key, new Uint8Array(t.buffer))) this.s.spillReads++;
      this.s.residentBytes += this.tileBytes;
      this.s.peakResidentBytes = Math.max(this.s.peakResidentBytes, this.s.residentBytes);
    }
    this.resident.set(key, t);
    if (forWrite) this.dirty.add(key);
    return t;
  }

  /** Replace a whole tile (`data` is copied; length tileSize²). */
  putTile(tx: number, ty: number, data: TileArray): void {
    if (data.length !== this.tileSize * this.tileSize)
      throw new StudioError('internal', `TileStore.putTile: ${data.length} values, expected ${this.tileSize}²`);
    this.getTile(tx, ty, true).set(data);
  }

  /** Visit every tile in raster order with its clipped image rect (reading through the LRU). */
  forEachTile(fn: (tile: TileArray, tx: number, ty: number, rect: Rect) => void): void {
    for (let ty = 0; ty < this.tilesY; ty++)
      for (let tx = 0; tx < this.tilesX; tx++) fn(this.getTile(tx, ty), tx, ty, this.tileRect(tx, ty));
  }

  /**
   * Copy `data` (rect.width × rect.height, row-major) into the raster, tile by tile. The rect must lie
   * inside the image.
   */
  writeRegion(rect: Rect, data: ArrayLike<number>): void {
    this.checkRect(rect);
    const T = this.tileSize;
    this.visit(rect, 1, (tile, ox, oy, x0, y0, w, h) => {
      for (let r = 0; r < h; r++) {
        const src = (y0 + r - rect.y) * rect.width + (x0 - rect.x);
        const dst = (oy + r) * T + ox;
        for (let c = 0; c < w; c++) tile[dst + c] = data[src + c];
      }
    }, true);
  }

  /**
   * Values inside `rect`, every `stride`-th pixel from its top-left (result ceil(w/stride) × ceil(h/stride),
   * row-major): stride 1 is an exact crop, stride > 1 a nearest-neighbour overview that still reads only the
   * tiles it samples from.
   */
  readRegion(rect: Rect, stride = 1): TileArray {
    this.checkRect(rect);
    const ow = Math.ceil(rect.width / stride), oh = Math.ceil(rect.height / stride);
    const out = allocTyped(this.dtype, ow * oh);
    const T = this.tileSize;
    this.visit(rect, stride, (tile, ox, oy, x0, y0, w, h) => {
      // (x0, y0) is the first sampled image pixel inside this tile, w × h sampled pixels from there
      for (let r = 0; r < h; r++) {
        const dst = ((y0 - rect.y) / stride + r) * ow + (x0 - rect.x) / stride;
        const src = (oy + r * stride) * T + ox;
        for (let c = 0; c < w; c++) out[dst + c] = tile[src + c * stride];
      }
    }, false);
    return out;
  }

  get stats(): TileStoreStats {
    return { ...this.s, residentTiles: this.resident.size };
  }

  /** Bytes the spill backing holds. */
  get spilledBytes(): number {
    return this.spill.bytesWritten;
  }

  /** Drop everything and release the backing. */
  close(): void {
    this.resident.clear();
    this.dirty.clear();
    this.s.residentBytes = 0;
    this.spill.close();
  }

  private checkRect(r: Rect): void {
    if (r.x < 0 || r.y < 0 || r.width <= 0 || r.height <= 0 || r.x + r.width > this.width || r.y + r.height > this.height)
      throw new StudioError('internal', `TileStore: region ${r.width}×${r.height} at (${r.x}, ${r.y}) outside ${this.width}×${this.height}`);
  }

  /**
   * Call fn once per tile that holds sampled pixels of rect: (tile, offset of the first sample inside the
   * tile, its image position, sample counts along x and y).
   */
  private visit(rect: Rect, stride: number, fn: (tile: TileArray, ox: number, oy: number, x0: number, y0: number, w: number, h: number) => void, forWrite: boolean): void {
    const T = this.tileSize;
    const first = (start: number, lo: number) => start + Math.ceil(Math.max(0, lo - start) / stride) * stride;
    for (let ty = Math.floor(rect.y / T); ty * T < rect.y + rect.height; ty++) {
      const y0 = first(rect.y, ty * T), yEnd = Math.min(rect.y + rect.height, (ty + 1) * T);
      if (y0 >= yEnd) continue;
      const h = Math.ceil((yEnd - y0) / stride);
      for (let tx = Math.floor(rect.x / T); tx * T < rect.x + rect.width; tx++) {
        const x0 = first(rect.x, tx * T), xEnd = Math.min(rect.x + rect.width, (tx + 1) * T);
        if (x0 >= xEnd) continue;
        fn(this.getTile(tx, ty, forWrite), x0 - tx * T, y0 - ty * T, x0, y0, Math.ceil((xEnd - x0) / stride), h);
      }
    }
  }

  /** Make room for `incoming` bytes: write dirty LRU tiles to the backing and drop them. */
  private evict(incoming: number): void {
    for (const [key, t] of this.resident) {
      if (this.s.residentBytes + incoming <= this.budgetBytes) break;
      if (this.dirty.has(key)) {
        this.spill.write(key, new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
        this.dirty.delete(key);
        this.s.spillWrites++;
      }
      this.resident.delete(key);
      this.s.residentBytes -= this.tileBytes;
    }
  }
}
