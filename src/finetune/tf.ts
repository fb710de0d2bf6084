/**
 * The one tfjs entry of the fine-tuner: tfjs-core with every op's gradient registered (tfjs-core alone ships
 * the ops without their gradients). Backends are registered by whoever picks one (backend.ts).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from '@tensorflow/tfjs-core';
