/**
 * Test helper for the worker's large-image tests (largeRun, largeTruth, largeExport): the LargeRunEnv they run
 * streamed runs in (a given network — onnxruntime-node or the fake U-Net — and memory spill with a small
 * budget, so runs spill), and a raster held as an open source's model plane. Not imported by the app.
 */
import type { ModelCard } from '../models/manifest';
import { rasterSource } from '../io/openSource';
import { memorySpill } from '../store/spill';
import type { InferFn } from '../tiling/segmentTiled';
import type { LargeRunEnv } from './largeRun';
import { holdSource, planeImageId } from './planes';

/** Options of `testLargeEnv`. */
export interface TestLargeEnvOptions {
  /** Resident bytes before spilling (default two 512² uint8 tiles: a run of more than two tiles spills). */
  budgetBytes?: number;
  /** Called before every tile batch (a test cancels mid-run from here). */
  onInfer?: () => void;
  adapter?: string;
}

/** A LargeRunEnv whose session runs `infer` for `card` on "wasm", spilling to memory. */
export function testLargeEnv(card: ModelCard, infer: InferFn, o: TestLargeEnvOptions = {}): LargeRunEnv {
  return {
    card: async () => card,
    session: async () => ({
      infer: (x, n, T) => {
        o.onInfer?.();
        return infer(x, n, T);
      },
      backend: { backend: 'wasm', adapter: o.adapter ?? 'test', software: false, threads: 1, note: 'test' },
    }),
    spill: async () => memorySpill(),
    spillKind: 'memory',
    budgetBytes: o.budgetBytes ?? 2 * 512 * 512,
  };
}

/** Hold a W×H uint16 raster as an open source; returns its model plane id (t 0, z 0, c 0). */
export function holdTestPlane(data: Float32Array, width: number, height: number, name = 'large.tif'): string {
  const src = rasterSource({ data, width, height, format: 'tiff', sampleType: 'uint16', note: '' } as never, name);
  return planeImageId(holdSource(src).id, { t: 0, z: 0, c: 0 });
}
