/**
 * Undo/redo of a label layer's edits as compact diffs (diff.ts), bounded by a step count and a byte budget:
 * when either is exceeded the oldest steps are forgotten (never the newest, whatever its size). A new edit
 * clears the redo side, as in every editor.
 */
import { applyDiff, type EditDiff } from './diff';
import type { TiledLabels } from './tiledLabels';

/** At least 100 steps (issue #15); 64 MiB holds ~100 large strokes with room to spare. */
export const DEFAULT_HISTORY = { maxSteps: 200, maxBytes: 64 * 2 ** 20 };

export interface HistoryStep {
  /** What the person did ("Brush", "Delete object"), for tooltips. */
  what: string;
  diff: EditDiff;
}

export class EditHistory {
  private undoStack: HistoryStep[] = [];
  private redoStack: HistoryStep[] = [];
  private bytesHeld = 0;

  constructor(private readonly limits = DEFAULT_HISTORY) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get undoSteps(): number {
    return this.undoStack.length;
  }
  get redoSteps(): number {
    return this.redoStack.length;
  }
  /** Bytes held by both stacks. */
  get bytes(): number {
    return this.bytesHeld;
  }

  push(step: HistoryStep): void {
    for (const s of this.redoStack) this.bytesHeld -= s.diff.bytes;
    this.redoStack = [];
    this.undoStack.push(step);
    this.bytesHeld += step.diff.bytes;
    while (this.undoStack.length > 1 && (this.undoStack.length > this.limits.maxSteps || this.bytesHeld > this.limits.maxBytes)) {
      this.bytesHeld -= this.undoStack.shift()!.diff.bytes;
    }
  }

  /** Undo the newest step; returns it (and the tiles written), or null when there is none. */
  undo(layer: TiledLabels): { step: HistoryStep; tiles: number[] } | null {
    const step = this.undoStack.pop();
    if (!step) return null;
    const tiles = applyDiff(layer, step.diff, 'old');
    this.redoStack.push(step);
    return { step, tiles };
  }

  redo(layer: TiledLabels): { step: HistoryStep; tiles: number[] } | null {
    const step = this.redoStack.pop();
    if (!step) return null;
    const tiles = applyDiff(layer, step.diff, 'now');
    this.undoStack.push(step);
    return { step, tiles };
  }
}
