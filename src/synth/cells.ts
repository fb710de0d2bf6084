/**
 * Synthetic microscopy images with exact instance masks, deterministic from a seed. Pure TypeScript (no DOM), so
 * it runs in the studio's worker, in Vitest and in the `npm run synth` CLI.
 *
 * Shapes come from `placeCells` (shapes.ts) on one PRNG stream and pixels from `render*` (render.ts) on another,
 * so a change in rendering never moves the cells of a given seed.
 */
import { createRng, mixSeed } from './prng';
import { placeCells, type PlacementParams } from './shapes';
import { renderDic, renderNuclei, renderPhase } from './render';

export type SynthKind = 'phase' | 'dic' | 'nuclei';
export const SYNTH_KINDS: readonly SynthKind[] = ['phase', 'dic', 'nuclei'];

export interface GenerateCellsOptions {
  kind: SynthKind;
  width: number;
  height: number;
  seed: number;
  /** Cells to place; fewer when they do not fit. Default: fill a kind-specific fraction of the image. */
  count?: number;
}

export interface SynthImage {
  /** Intensities: 0–255 for 'phase' and 'dic', 12-bit-like (≈100–4000) for 'nuclei'. Row-major. */
  image: Float32Array;
  /** Instance labels 1..N (N = number of cells), 0 = background; each label one 4-connected component. */
  labels: Uint16Array;
  width: number;
  height: number;
}

/** Cell geometry per modality, in pixels (fixed pixel size, so bigger images hold more cells, not bigger ones). */
export const PLACEMENT: Record<SynthKind, PlacementParams> = {
  phase: { radiusMin: 8, radiusMax: 17, aspectMax: 2.2, roughness: 0.16, gap: 1, coverage: 0.22, touchFraction: 0.15 },
  dic: { radiusMin: 9, radiusMax: 18, aspectMax: 1.8, roughness: 0.1, gap: 2, coverage: 0.2, touchFraction: 0.1 },
  nuclei: { radiusMin: 6, radiusMax: 12, aspectMax: 1.5, roughness: 0.06, gap: 0, coverage: 0.25, touchFraction: 0.3 },
};

/** Generate one synthetic image and its exact instance labels. */
export function generateCells(opts: GenerateCellsOptions): SynthImage {
  const { kind, width, height, seed, count } = opts;
  if (!SYNTH_KINDS.includes(kind)) throw new RangeError(`kind must be one of ${SYNTH_KINDS.join(', ')}; got ${String(kind)}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8 || width * height > 1 << 26) {
    throw new RangeError(`width and height must be integers ≥ 8 (at most 2^26 pixels); got ${width}×${height}`);
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new RangeError(`count must be an integer ≥ 0; got ${count}`);
  const placement = placeCells(width, height, createRng(mixSeed(seed, 1)), PLACEMENT[kind], count);
  const rng = createRng(mixSeed(seed, 2));
  const render = kind === 'phase' ? renderPhase : kind === 'dic' ? renderDic : renderNuclei;
  const image = render(placement, width, height, rng);
  return { image, labels: placement.labels, width, height };
}
