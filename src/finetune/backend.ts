/**
 * Pick and start a tfjs backend for training: 'webgpu' (a hardware adapter in a browser), 'wasm' (XNNPACK,
 * the CPU path), or 'cpu' (plain JS, the reference; slow). Each backend package registers itself on import,
 * so the importing module decides which are available: Node tools import cpu + wasm, the worker all three.
 */
import * as tf from './tf';

export type TrainBackend = 'webgpu' | 'wasm' | 'cpu';

/** Make `name` the active backend; throws with the backend's own reason when it cannot start. */
export async function useBackend(name: TrainBackend): Promise<TrainBackend> {
  if (tf.getBackend() === name) return name;
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend "${name}" could not start`);
  await tf.ready();
  return name;
}
