/**
 * The inputs of the confusion-kernel benchmark (gpu/benchConfusion.ts), in a module without GPU or shader
 * imports so Node (e2e, bench scripts) can compute the expected counts with metrics/confusion.ts.
 */
import { mulberry32 } from '../synth/prng';

/** Deterministic inputs of the benchmark: prob uniform in [0, 1), mask = 1 where a second draw < 0.4 (mulberry32). */
export function benchInputs(size: number, seed = 1): { prob: Float32Array; mask: Uint8Array } {
  const rand = mulberry32(seed);
  const n = size * size;
  const prob = new Float32Array(n);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    prob[i] = rand();
    mask[i] = rand() < 0.4 ? 1 : 0;
  }
  return { prob, mask };
}
