/**
 * The reference the browser's mask is compared with, computed in the test process: the same decoder, the same
 * normalisation and overlap-tile code (src/io, src/tiling), with onnxruntime-node instead of onnxruntime-web.
 */
import { decodeImage } from '../src/io/decode';
import { normalize } from '../src/tiling/normalize';
import { segmentTiled } from '../src/tiling/segmentTiled';
import { findCard, loadManifest, openModel } from '../src/cli/nodeSession';
import type { ModelCard } from '../src/models/manifest';

export interface Reference {
  width: number;
  height: number;
  prob: Float32Array;
  threshold: number;
}

export async function referenceProb(bytes: Uint8Array, name: string, modelId: string): Promise<Reference> {
  return referenceProbOf(bytes, name, findCard(loadManifest(), modelId));
}

/**
 * The same for any card (a user model's, written by the test): its ONNX file is `card.file` under `modelsDir`;
 * tiling, normalisation and threshold are the card's.
 */
export async function referenceProbOf(bytes: Uint8Array, name: string, card: ModelCard, modelsDir?: string): Promise<Reference> {
  // one thread: the browser already uses the cores; a user card's sha256 is not in any manifest to check against
  const model = await openModel(card, modelsDir, { threads: 1, verifySha: modelsDir === undefined });
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const raw = await decodeImage(buf, name);
    const norm = normalize(raw, card.input.normalization);
    const { prob } = await segmentTiled(norm, raw.width, raw.height, {
      tile: card.tiling.tile, halo: card.tiling.halo, multiple: card.input.tileMultiple, blend: card.tiling.blend, batch: 8,
    }, model.infer);
    return { width: raw.width, height: raw.height, prob, threshold: card.threshold };
  } finally {
    await model.release();
  }
}

/**
 * Compare a 0/255 (or 0/1) mask with the reference at its threshold. Pixels may differ only where the reference
 * probability lies within `tol` of the threshold (float differences between ORT builds and blend order).
 */
export function compareMask(mask: ArrayLike<number>, ref: Reference, tol = 1e-3) {
  let disagree = 0, outsideTolerance = 0, foreground = 0;
  for (let i = 0; i < ref.prob.length; i++) {
    const want = ref.prob[i] >= ref.threshold;
    const got = mask[i] > 0;
    if (want) foreground++;
    if (want === got) continue;
    disagree++;
    if (Math.abs(ref.prob[i] - ref.threshold) >= tol) outsideTolerance++;
  }
  return { disagree, outsideTolerance, foreground, pixels: ref.prob.length };
}
