/**
 * The studio's "Open example" gallery: a few fixed synthetic images (see cells.ts) with their exact ground truth,
 * so the live IoU/Dice panel has something to score without any download. Loaded lazily by
 * src/worker/examples.ts; generated on demand (tens of ms), never stored.
 */
import { StudioError } from '../errors';
import { generateCells, type SynthKind } from './cells';

interface ExampleSpec {
  id: string;
  name: string;
  kind: SynthKind;
  size: number;
  seed: number;
}

/** Fixed seeds: an example's pixels never change unless the generator does. */
const EXAMPLES: readonly ExampleSpec[] = [
  { id: 'phase-384', name: 'Phase contrast cells (synthetic, 384×384)', kind: 'phase', size: 384, seed: 101 },
  { id: 'dic-384', name: 'DIC cells (synthetic, 384×384)', kind: 'dic', size: 384, seed: 202 },
  { id: 'nuclei-512', name: 'Fluorescent nuclei (synthetic, 512×512)', kind: 'nuclei', size: 512, seed: 303 },
  { id: 'nuclei-small-96', name: 'Fluorescent nuclei, small (synthetic, 96×96)', kind: 'nuclei', size: 96, seed: 404 },
];

export interface Example {
  width: number;
  height: number;
  /** Intensities in the modality's units (0–255 for phase/DIC, 12-bit-like for nuclei). */
  data: Float32Array;
  /** Ground-truth foreground: 1 inside any cell, 0 outside. */
  mask: Uint8Array;
  /** Instance labels 1..N, 0 = background. */
  labels: Uint16Array;
  name: string;
}

/** Ids and display names of the gallery, in display order. */
export function listExamples(): { id: string; name: string }[] {
  return EXAMPLES.map(({ id, name }) => ({ id, name }));
}

/** Generate gallery example `id`; throws StudioError('not-an-image') listing the valid ids for an unknown one. */
export function generateExample(id: string): Example {
  const spec = EXAMPLES.find((e) => e.id === id);
  if (!spec) {
    throw new StudioError('not-an-image', `Unknown example "${id}". Should be one of: ${EXAMPLES.map((e) => e.id).join(', ')}.`);
  }
  const { image, labels, width, height } = generateCells({ kind: spec.kind, width: spec.size, height: spec.size, seed: spec.seed });
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) mask[i] = labels[i] > 0 ? 1 : 0;
  return { width, height, data: image, mask, labels, name: spec.name };
}
