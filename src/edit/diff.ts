/**
 * Compact diffs of one edit, for undo/redo: per touched tile, the changed offsets as runs (start, length) in
 * raster order, and the old and new values along those runs run-length encoded as (value, count) pairs. A brush
 * stroke over one object is then a few runs per tile row and one value run — bytes grow with the stroke's
 * outline, not with the image (never a copy of the layer). Exact: applying `old` restores every pixel.
 */
import type { TiledLabels, WriteRecorder } from './tiledLabels';

/** One tile's part of a diff. */
export interface TileDiff {
  tile: number;
  /** start, length, start, length, … (offsets inside the tile, ascending). */
  spans: Uint32Array;
  /** value, count, … along the spans, before the edit. */
  old: Uint32Array;
  /** value, count, … along the spans, after the edit. */
  now: Uint32Array;
}

export interface EditDiff {
  tiles: TileDiff[];
  /** Pixels that changed. */
  pixels: number;
  /** Bytes of the typed arrays (the history's budget counts these). */
  bytes: number;
}

const TWO32 = 2 ** 32;

/**
 * Attach to a layer (`layer.recorder = rec`) for the length of one operation: keeps each pixel's value before
 * its first change (a byte mark per touched tile dedupes later writes), then `finish` reads the new values.
 */
export class DiffRecorder implements WriteRecorder {
  private readonly marks = new Map<number, Uint8Array>();
  /** Per tile: offset·2³² + old, packed in a float64 (exact below 2⁵³), so one numeric sort orders both. */
  private readonly entries = new Map<number, { data: Float64Array; n: number }>();

  /** The last tile recorded (strokes write runs inside one tile: no map lookup per pixel). */
  private lastTile = -1;
  private lastMark: Uint8Array = new Uint8Array(0);
  private lastEntries: { data: Float64Array; n: number } = { data: new Float64Array(0), n: 0 };

  constructor(private readonly tileArea: number) {}

  record(tile: number, offset: number, old: number): void {
    if (tile !== this.lastTile) {
      let m = this.marks.get(tile);
      if (!m) {
        m = new Uint8Array(this.tileArea);
        this.marks.set(tile, m);
        this.entries.set(tile, { data: new Float64Array(256), n: 0 });
      }
      this.lastTile = tile;
      this.lastMark = m;
      this.lastEntries = this.entries.get(tile)!;
    }
    const m = this.lastMark;
    if (m[offset]) return;
    m[offset] = 1;
    const e = this.lastEntries;
    if (e.n === e.data.length) {
      const grown = new Float64Array(e.data.length * 2);
      grown.set(e.data);
      e.data = grown;
    }
    e.data[e.n++] = offset * TWO32 + old;
  }

  /** The diff of everything recorded, new values read from `layer` (pixels changed back are dropped). */
  finish(layer: TiledLabels): EditDiff {
    const tiles: TileDiff[] = [];
    let pixels = 0, bytes = 0;
    for (const [tile, e] of [...this.entries].sort((a, b) => a[0] - b[0])) {
      const sorted = e.data.subarray(0, e.n).sort();
      const arr = layer.tile(tile);
      const spans: number[] = [], old: number[] = [], now: number[] = [];
      const push = (runs: number[], v: number) => {
        if (runs.length && runs[runs.length - 2] === v) runs[runs.length - 1]++;
        else runs.push(v, 1);
      };
      for (let i = 0; i < sorted.length; i++) {
        const offset = Math.floor(sorted[i] / TWO32), was = sorted[i] - offset * TWO32;
        const is = arr ? arr[offset] : 0;
        if (was === is) continue;
        const k = spans.length;
        if (k && spans[k - 2] + spans[k - 1] === offset) spans[k - 1]++;
        else spans.push(offset, 1);
        push(old, was);
        push(now, is);
        pixels++;
      }
      if (!spans.length) continue;
      const d: TileDiff = { tile, spans: Uint32Array.from(spans), old: Uint32Array.from(old), now: Uint32Array.from(now) };
      bytes += d.spans.byteLength + d.old.byteLength + d.now.byteLength + 16;
      tiles.push(d);
    }
    this.marks.clear();
    this.entries.clear();
    this.lastTile = -1;
    return { tiles, pixels, bytes };
  }
}

/**
 * Write one side of a diff into the layer (recorder detached, so undo is not itself recorded). Returns the
 * tiles written.
 */
export function applyDiff(layer: TiledLabels, diff: EditDiff, side: 'old' | 'now'): number[] {
  const saved = layer.recorder;
  layer.recorder = null;
  try {
    for (const d of diff.tiles) {
      const runs = d[side];
      let r = 0, left = runs[1];
      for (let s = 0; s < d.spans.length; s += 2) {
        for (let o = d.spans[s], end = o + d.spans[s + 1]; o < end; o++) {
          while (left === 0) { r += 2; left = runs[r + 1]; }
          layer.write(d.tile, o, runs[r]);
          left--;
        }
      }
    }
  } finally {
    layer.recorder = saved;
  }
  return diff.tiles.map((d) => d.tile);
}
