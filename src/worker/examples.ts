/**
 * The "Open example" gallery: generated microscopy-like images from src/synth/examples.ts (phase contrast,
 * DIC, fluorescence). Loaded lazily so the worker chunk stays small until someone asks.
 */
import { StudioError } from '../errors';
import type { Raster } from '../io/types';

type SynthModule = typeof import('../synth/examples');

// A dynamic import: the generator code loads only when someone opens the gallery.
let mod: Promise<SynthModule> | undefined;
const load = (): Promise<SynthModule> => (mod ??= import('../synth/examples'));

export async function listExamples(): Promise<{ id: string; name: string }[]> {
  return (await load()).listExamples();
}

/** A generated example as a Raster (float32 values) plus its name and ground-truth mask. */
export async function generateExample(id: string): Promise<Raster & { name: string; mask: Uint8Array }> {
  const m = await load();
  const ids = m.listExamples().map((e) => e.id);
  if (!ids.includes(id)) throw new StudioError('internal', `Unknown example "${id}". Should be one of: ${ids.join(', ')}.`);
  const ex = m.generateExample(id);
  return { width: ex.width, height: ex.height, data: ex.data, mask: ex.mask, name: ex.name, sampleType: 'float32', format: 'generated', note: 'generated example' };
}
