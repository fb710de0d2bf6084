/**
 * One editing session on a result: the label layer, its undo history, and what each change touched (the tiles,
 * so the overlay is re-rendered only there). Pure: the worker holds sessions by id (worker/edit.ts), the bench
 * and the tests drive it directly.
 */
import { labelComponents } from '../metrics/components';
import { DiffRecorder } from './diff';
import { EditHistory, DEFAULT_HISTORY } from './history';
import { applyOp, EDIT_NAMES, type EditOp } from './ops';
import { EDIT_TILE, TiledLabels, type Rect } from './tiledLabels';

/** What an edit, undo or redo did, for the page. */
export interface EditChange {
  /** The tiles written (indices of the layer's tile grid). */
  tiles: number[];
  /** Their bounding rectangle in image pixels (null when nothing changed). */
  rect: Rect | null;
  /** Pixels that changed. */
  changed: number;
  foregroundPixels: number;
  objects: number;
  undoSteps: number;
  redoSteps: number;
  /** Bytes the undo/redo history holds. */
  historyBytes: number;
  /** Why nothing changed (ops.ts OpOutcome). */
  note?: string;
}

export class EditSession {
  readonly history: EditHistory;
  constructor(readonly layer: TiledLabels, limits = DEFAULT_HISTORY) {
    this.history = new EditHistory(limits);
  }

  /** A session on the 8-connected components of a binary mask (the network's mask at a threshold). */
  static fromMask(mask: Uint8Array, width: number, height: number, tileSize = EDIT_TILE, limits = DEFAULT_HISTORY): EditSession {
    const { labels } = labelComponents(mask, width, height, 8);
    return new EditSession(TiledLabels.fromLabels(labels, width, height, tileSize), limits);
  }

  apply(op: EditOp): EditChange {
    const rec = new DiffRecorder(this.layer.tileSize * this.layer.tileSize);
    this.layer.recorder = rec;
    let note: string | undefined;
    try {
      note = applyOp(this.layer, op).note;
    } finally {
      this.layer.recorder = null;
    }
    const diff = rec.finish(this.layer);
    if (diff.pixels) this.history.push({ what: EDIT_NAMES[op.kind], diff });
    return this.change(diff.tiles.map((t) => t.tile), diff.pixels, note);
  }

  undo(): EditChange {
    const r = this.history.undo(this.layer);
    return this.change(r?.tiles ?? [], r?.step.diff.pixels ?? 0, r ? undefined : 'Nothing to undo.');
  }

  redo(): EditChange {
    const r = this.history.redo(this.layer);
    return this.change(r?.tiles ?? [], r?.step.diff.pixels ?? 0, r ? undefined : 'Nothing to redo.');
  }

  /** Counts and history without a change (the page's first view of a session). */
  state(): EditChange {
    return this.change([], 0);
  }

  private change(tiles: number[], changed: number, note?: string): EditChange {
    let rect: Rect | null = null;
    for (const t of tiles) {
      const r = this.layer.tileRect(t);
      if (!rect) rect = r;
      else {
        const x = Math.min(rect.x, r.x), y = Math.min(rect.y, r.y);
        rect = { x, y, width: Math.max(rect.x + rect.width, r.x + r.width) - x, height: Math.max(rect.y + rect.height, r.y + r.height) - y };
      }
    }
    const h = this.history;
    return {
      tiles, rect, changed, foregroundPixels: this.layer.foreground, objects: this.layer.objects,
      undoSteps: h.undoSteps, redoSteps: h.redoSteps, historyBytes: h.bytes, ...(note ? { note } : {}),
    };
  }
}
