/** Binary mask: 1 where prob ≥ t, else 0 (same rule as metrics/confusion.ts). */
export function thresholdMask(prob: Float32Array, t: number): Uint8Array {
  const out = new Uint8Array(prob.length);
  for (let i = 0; i < prob.length; i++) out[i] = prob[i] >= t ? 1 : 0;
  return out;
}
