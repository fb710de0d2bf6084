/**
 * Node side of the fine-tuner: registers the cpu and wasm backends (the wasm backend finds its .wasm files next
 * to its own bundle in node_modules). PROD silences tfjs' "install tfjs-node" banner, which is no option here
 * (it downloads a native TensorFlow build); it only turns off debug checks that are off by default anyway.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from './tf';

tf.env().set('PROD', true);
