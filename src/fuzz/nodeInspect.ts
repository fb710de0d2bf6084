/**
 * session.ts `inspectModel` for Node: the same InspectedModel on onnxruntime-node (the web build needs a
 * browser), so the fuzz test runs a person's model through userModelCheck.ts's very steps.
 */
import * as ort from 'onnxruntime-node';
import { StudioError } from '../errors';
import type { ModelMeta } from '../models/userModel';
import type { InspectedModel } from '../worker/session';

export async function inspectModelNode(bytes: Uint8Array): Promise<InspectedModel> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new StudioError('model-invalid', e instanceof Error ? e.message : String(e));
  }
  const meta = {
    inputs: session.inputMetadata.map((m) => ({ ...m })),
    outputs: session.outputMetadata.map((m) => ({ ...m })),
  } as unknown as ModelMeta;
  return {
    meta,
    probe: async (inputName, outputName, tile) => {
      const out = await session.run({ [inputName]: new ort.Tensor('float32', new Float32Array(tile * tile), [1, 1, tile, tile]) });
      const dims = [...out[outputName].dims];
      for (const t of Object.values(out)) t.dispose?.();
      return dims;
    },
    keep: () => undefined,
    release: () => session.release(),
  };
}
