/**
 * Checks of a person's tile/halo overrides (the "Advanced" controls) before a run, with messages that say what
 * is allowed. The same rules as planTiles (plan.ts), which would otherwise reject the run with an internal
 * error deep in the worker: here they become an inline message and a disabled Segment button instead.
 */
import type { BlendMode } from './blendTiles';

export interface TilingChoice {
  tile: number;
  halo: number;
  blend: BlendMode;
}

export const BLEND_MODES: readonly BlendMode[] = ['crop', 'taper', 'gaussian'];

/**
 * Largest tile the controls accept. A 2048² tile is already 16 MB of float32 input and ~100× that in the
 * U-Net's activations; beyond it a browser tab runs out of memory before it gets faster.
 */
export const MAX_TILE = 2048;

/**
 * Why `choice` cannot run with a model whose input must be a multiple of `multiple`, or null when it can:
 * the tile a positive integer multiple of `multiple` (and ≤ MAX_TILE), the halo an integer ≥ 0 and < tile/2
 * (each tile must keep a valid centre), the blend one of BLEND_MODES.
 */
export function tilingProblem(choice: TilingChoice, multiple: number): string | null {
  const { tile, halo, blend } = choice;
  if (!Number.isInteger(tile) || tile < multiple || tile % multiple !== 0)
    return `Tile size must be a positive multiple of ${multiple} (this model's input multiple), e.g. ${Math.max(multiple, Math.round((Number.isFinite(tile) ? tile : 0) / multiple) * multiple)}.`;
  if (tile > MAX_TILE) return `Tile size must be at most ${MAX_TILE}.`;
  if (!Number.isInteger(halo) || halo < 0) return 'Halo must be a whole number ≥ 0.';
  if (2 * halo >= tile) return `Halo must be less than half the tile (< ${tile / 2} for tile ${tile}).`;
  if (!BLEND_MODES.includes(blend)) return `Blend must be one of: ${BLEND_MODES.join(', ')}.`;
  return null;
}
