/**
 * The display pyramid of one plane of a large image (issue #12): the file's own levels (read from the source)
 * plus, below the coarsest of them, levels built on the fly (÷4, ÷8, ÷16 … until ≤ 1024 px, io/levels.ts
 * levelFactors) in one background pass over the source, chunk by chunk. Built levels are box means held in
 * TileStores: rounded to uint16 for 8/16-bit unsigned sources (the display window works in raw units, so
 * half a unit of rounding never shows), float32 otherwise.
 *
 * Memory bound: the pass holds one chunk of the base level (≤ 4096 × 512 values, 8 MiB) and its means; the
 * built levels keep at most `budgetBytes` (default 48 MiB) resident, coarsest level first (levelBudgets), the
 * rest spilled (OPFS in the worker). So the levels a Fit or a zoomed-out view reads stay in memory whatever
 * the image size, and only the finest built level (÷4) spills. The levels together hold about 1/12 of the
 * base level's pixels (0.17 byte per pixel as uint16: 170 MB for a gigapixel plane, on disk beyond the budget).
 *
 * Readers ask for a level rect; a built level answers as soon as the pass has covered its rows (`rows`: the
 * viewer draws what is built while the pass runs).
 */
import { downsampleMean, levelRect, levelsToBuild, levelToBase } from '../io/levels';
import type { ImageSource, PlaneSelection, Rect, SourceLevel } from '../io/source';
import type { SpillBacking } from './spill';
import { levelBudgets } from './levelBudgets';
import { dtypeBytes, TileStore, type TileDType } from './tileStore';

export interface PyramidLevel extends SourceLevel {
  /** Index of the source level this is (file levels); undefined for built ones. */
  fileLevel?: number;
  store?: TileStore;
  /** Rows of this level that can be read now (all of them for file levels). */
  rows: number;
}

export interface PyramidOptions {
  /** Resident bytes of all built levels together (default 48 MiB). */
  budgetBytes?: number;
  /** Where a built level's tiles beyond its budget go (default: kept in memory). */
  spill?: (name: string, tileBytes: number) => Promise<SpillBacking> | SpillBacking;
  /** Tile edge of the built levels' stores (default 256). */
  tileSize?: number;
  /** Base-level chunk read at once (default 4096 × 512, rounded up to multiples of the coarsest factor). */
  chunk?: { width: number; height: number };
}

/** Level-0 rect → values of that rect at pyramid level k, and the level rect they cover. */
export interface LevelRead {
  values: Float32Array | Uint16Array;
  rect: Rect;
}

/** Stored type of the built levels: uint16 holds rounded means of 8/16-bit unsigned samples exactly enough. */
const levelDType = (s: Pick<ImageSource, 'sampleType'>): TileDType => (s.sampleType === 'uint8' || s.sampleType === 'uint16' ? 'uint16' : 'float32');

export class Pyramid {
  readonly levels: PyramidLevel[];
  /** Resolves when every built level is complete (rejects with the pass's error). */
  readonly built: Promise<void>;
  /** Time the build pass took, ms (undefined until it ends). */
  buildMs?: number;
  private failure: unknown;
  private closed = false;
  private wake: (() => void)[] = [];

  private constructor(private readonly source: ImageSource, private readonly plane: PlaneSelection, levels: PyramidLevel[], private readonly base: number, private readonly chunk: { width: number; height: number }) {
    this.levels = levels;
    this.built = this.build();
    this.built.catch(() => undefined); // readers see the failure through read()
  }

  /** Make the stores of the levels to build and start the pass. */
  static async open(source: ImageSource, plane: PlaneSelection, o: PyramidOptions = {}): Promise<Pyramid> {
    const file: PyramidLevel[] = source.levels.map((l, i) => ({ ...l, fileLevel: i, rows: l.height }));
    const base = file.reduce((b, l, i) => (l.downsample > file[b].downsample ? i : b), 0);
    const todo = levelsToBuild(file[base]);
    const budget = o.budgetBytes ?? 48 * 2 ** 20;
    const ts = o.tileSize ?? 256;
    const dtype = levelDType(source);
    const budgets = levelBudgets(todo, ts, dtypeBytes(dtype), budget);
    const built: PyramidLevel[] = [];
    for (const [i, l] of todo.entries()) {
      const spill = o.spill ? await o.spill(`pyramid-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${i}`, ts * ts * dtypeBytes(dtype)) : undefined;
      const store = new TileStore({ width: l.width, height: l.height, dtype, tileSize: ts, budgetBytes: budgets[i], spill });
      built.push({ ...l, store, rows: 0 });
    }
    const maxF = todo.length ? todo[todo.length - 1].downsample / file[base].downsample : 1;
    const round = (v: number) => Math.max(maxF, Math.ceil(v / maxF) * maxF);
    const chunk = { width: round(o.chunk?.width ?? 4096), height: round(o.chunk?.height ?? 512) };
    return new Pyramid(source, plane, [...file, ...built], base, chunk);
  }

  /** True when level k can serve `l` (a rect of its own pixels) without waiting for the pass. */
  ready(k: number, l: Rect): boolean {
    return this.levels[k].rows >= l.y + l.height;
  }

  /** Values of the level-0 rect `rect` at level k (levelRect rounding), waiting for the pass where needed. */
  async read(k: number, rect: Rect, signal?: AbortSignal): Promise<LevelRead> {
    const level = this.levels[k];
    const l = levelRect(rect, level);
    if (level.fileLevel !== undefined) return { values: await this.source.readRegion(this.plane, rect, level.fileLevel, signal), rect: l };
    while (!this.ready(k, l)) {
      if (this.failure !== undefined) throw this.failure;
      if (this.closed) throw new Error('pyramid closed');
      await new Promise<void>((r) => this.wake.push(r));
    }
    return { values: level.store!.readRegion(l) as Float32Array | Uint16Array, rect: l };
  }

  /** True while the background pass runs. */
  get building(): boolean {
    return this.buildMs === undefined && this.failure === undefined && !this.closed;
  }

  /** Stop the pass and release the stores (their OPFS files are removed). */
  close(): void {
    this.closed = true;
    for (const l of this.levels) l.store?.close();
    this.notify();
  }

  private notify(): void {
    for (const w of this.wake.splice(0)) w();
  }

  /** The background pass: base-level chunks, raster order, each box-averaged into every built level. */
  private async build(): Promise<void> {
    const t0 = performance.now();
    const base = this.levels[this.base];
    const built = this.levels.filter((l) => l.store);
    try {
      for (let y = 0; y < base.height && built.length; y += this.chunk.height) {
        const ch = Math.min(this.chunk.height, base.height - y);
        for (let x = 0; x < base.width; x += this.chunk.width) {
          if (this.closed) return;
          const cw = Math.min(this.chunk.width, base.width - x);
          const l = { x, y, width: cw, height: ch };
          let cur = await this.source.readRegion(this.plane, levelToBase(l, base, this.source.width, this.source.height), base.fileLevel);
          if (this.closed) return;
          let w = cw, h = ch, prev = base.downsample;
          for (const b of built) {
            const f = b.downsample / base.downsample;
            // each level from the one above (nested ceils: ceil(ceil(n/4)/4) = ceil(n/16), so sizes agree)
            cur = downsampleMean(cur, w, h, Math.round(b.downsample / prev));
            prev = b.downsample;
            w = Math.ceil(cw / f);
            h = Math.ceil(ch / f);
            // uint16 levels: round here (a typed-array store truncates); the next level is made from the unrounded means
            b.store!.writeRegion({ x: x / f, y: y / f, width: w, height: h }, b.store!.dtype === 'float32' ? cur : cur.map(Math.round));
          }
          // let renders waiting on other levels run between chunks
          await new Promise((r) => setTimeout(r, 0));
        }
        for (const b of built) b.rows = Math.min(b.height, Math.floor((y + ch) / (b.downsample / base.downsample)));
        this.notify();
      }
      for (const b of built) b.rows = b.height;
      this.buildMs = performance.now() - t0;
    } catch (e) {
      this.failure = e;
      throw e;
    } finally {
      this.notify();
    }
  }
}
