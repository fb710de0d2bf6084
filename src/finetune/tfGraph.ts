/**
 * The ONNX U-Net rebuilt as a TensorFlow.js function, op for op from the ONNX graph itself, so any model made of
 * the same ops (Conv, ConvTranspose, MaxPool, Relu, Concat, BatchNormalization, Add, Identity) can be trained.
 * Activations are NHWC (what tfjs convolutions want); weights are tf.Variables in tfjs layout, converted from and
 * back to the ONNX initializers' layout (OIHW for Conv, IOHW for ConvTranspose).
 * BatchNormalization (absent from the bundled models: export folds it into Conv) trains scale and bias with the
 * running mean/variance frozen, the usual way to fine-tune on a few images.
 */
import * as tf from './tf';
import { StudioError } from '../errors';
import { conv2dValid, convTransposeTiled, hasFilterGrad } from './convGrads';
import type { AttrValue, OnnxModel, OnnxNode } from './onnxModel';

/** ONNX initializer name → how its tfjs variable is laid out. */
type Layout = 'conv' | 'convT' | 'plain';

export interface TfGraph {
  /** Logits N×H×W×1 for an N×H×W×1 input. */
  forward: (x: tf.Tensor4D) => tf.Tensor4D;
  /** Trainable variables by ONNX initializer name. */
  variables: Map<string, tf.Variable>;
  /** Current values of the trainable variables, in ONNX layout, ready for writeOnnx. */
  readWeights: () => Promise<Map<string, Float32Array>>;
  /** Overwrite the variables from ONNX-layout values (e.g. to restore the best weights). */
  setWeights: (w: Map<string, Float32Array>) => void;
  dispose: () => void;
}

export const SUPPORTED_OPS = ['Conv', 'ConvTranspose', 'MaxPool', 'Relu', 'Concat', 'BatchNormalization', 'Add', 'Identity'];

const ints = (v: AttrValue, d: number[]): number[] => (Array.isArray(v) ? v : d);

function toTf(data: Float32Array, dims: number[], layout: Layout): tf.Tensor {
  const t = tf.tensor(data, dims);
  if (layout === 'conv') return tf.tidy(() => tf.transpose(t, [2, 3, 1, 0])); // OIHW → HWIO
  if (layout === 'convT') return tf.tidy(() => tf.transpose(t, [2, 3, 1, 0])); // IOHW → HW O I (tfjs: [h, w, out, in])
  return t;
}

/** Read asynchronously: tfjs WebGPU's synchronous read (a canvas copy) lost the device after a few reads in a worker. */
async function fromTf(v: tf.Tensor, layout: Layout): Promise<Float32Array> {
  if (layout === 'plain') return (await v.data()) as Float32Array;
  const t = tf.tidy(() => tf.transpose(v, [3, 2, 0, 1])); // HWIO → OIHW, HWOI → IOHW
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

function unsupported(node: OnnxNode, why: string): never {
  throw new StudioError('model-invalid', `Cannot fine-tune this model: ${node.op} node "${node.name}" ${why}. ` +
    `The fine-tuner rebuilds U-Nets made of ${SUPPORTED_OPS.join(', ')}.`);
}

/** tfjs padding for an ONNX Conv/MaxPool: 'same'/'valid' where they match, else explicit. */
function padding(node: OnnxNode, k: number[], strides: number[]): 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]] {
  if (node.attrs.auto_pad && node.attrs.auto_pad !== 'NOTSET') {
    if (node.attrs.auto_pad === 'VALID') return 'valid';
    if (node.attrs.auto_pad === 'SAME_UPPER' && strides.every((s) => s === 1)) return 'same';
    unsupported(node, `uses auto_pad ${node.attrs.auto_pad}`);
  }
  const [t, l, b, r] = ints(node.attrs.pads, [0, 0, 0, 0]);
  if (t + l + b + r === 0) return 'valid';
  if (strides.every((s) => s === 1) && t === b && l === r && t === (k[0] - 1) / 2 && l === (k[1] - 1) / 2) return 'same';
  return [[0, 0], [t, b], [l, r], [0, 0]];
}

export interface BuildOptions {
  /** Compute conv weight gradients with matMuls (convGrads.ts); default: only where the backend lacks them. */
  matmulGrads?: boolean;
}

/** Build the tfjs function and its variables from a decoded ONNX model (on the active backend). */
export function buildTfGraph(model: OnnxModel, opts: BuildOptions = {}): TfGraph {
  const matmul = opts.matmulGrads ?? !hasFilterGrad();
  const layouts = new Map<string, Layout>();
  for (const n of model.nodes) {
    if (!SUPPORTED_OPS.includes(n.op)) unsupported(n, 'is an op the fine-tuner does not know');
    if (n.op === 'Conv' || n.op === 'ConvTranspose') {
      if (!model.weights.has(n.inputs[1])) unsupported(n, 'has weights that are not a float32 initializer');
      if ((n.attrs.group ?? 1) !== 1) unsupported(n, 'is a grouped convolution');
      layouts.set(n.inputs[1], n.op === 'Conv' ? 'conv' : 'convT');
      if (n.inputs[2]) layouts.set(n.inputs[2], 'plain');
    }
    if (n.op === 'BatchNormalization') { layouts.set(n.inputs[1], 'plain'); layouts.set(n.inputs[2], 'plain'); }
  }
  const variables = new Map<string, tf.Variable>();
  const constants = new Map<string, tf.Tensor>();
  for (const [name, w] of model.weights) {
    const layout = layouts.get(name);
    if (layout) {
      const t = toTf(w.data, w.dims, layout);
      variables.set(name, tf.variable(t, true));
      t.dispose();
    } else constants.set(name, tf.tensor(w.data, w.dims)); // BN mean/var and anything else: frozen
  }

  const forward = (x: tf.Tensor4D): tf.Tensor4D => {
    const env = new Map<string, tf.Tensor>([[model.inputName, x]]);
    const get = (name: string): tf.Tensor => {
      const t = env.get(name) ?? variables.get(name) ?? constants.get(name);
      if (!t) throw new StudioError('model-invalid', `Cannot fine-tune this model: tensor "${name}" is used before it is computed.`);
      return t;
    };
    for (const n of model.nodes) env.set(n.outputs[0], runNode(n, get, matmul));
    return get(model.outputName) as tf.Tensor4D;
  };

  return {
    forward,
    variables,
    readWeights: async () => new Map(await Promise.all([...variables].map(async ([k, v]) => [k, await fromTf(v, layouts.get(k)!)] as const))),
    setWeights: (w) => {
      for (const [k, data] of w) {
        const v = variables.get(k);
        if (!v) continue;
        const t = toTf(data, model.weights.get(k)!.dims, layouts.get(k)!);
        v.assign(t);
        t.dispose();
      }
    },
    dispose: () => { variables.forEach((v) => v.dispose()); constants.forEach((c) => c.dispose()); },
  };
}

function runNode(n: OnnxNode, get: (name: string) => tf.Tensor, matmul: boolean): tf.Tensor {
  const x = get(n.inputs[0]) as tf.Tensor4D;
  switch (n.op) {
    case 'Relu': return tf.relu(x);
    case 'Identity': return x;
    case 'Add': return tf.add(x, bcast(get(n.inputs[1])));
    case 'Concat': {
      const axis = Number(n.attrs.axis ?? 1);
      if (axis !== 1 && axis !== -3) unsupported(n, `concatenates along axis ${axis}, not channels`);
      return tf.concat(n.inputs.map(get) as tf.Tensor4D[], 3);
    }
    case 'MaxPool': {
      const k = ints(n.attrs.kernel_shape, [1, 1]);
      const s = ints(n.attrs.strides, [1, 1]);
      if (n.attrs.ceil_mode) unsupported(n, 'uses ceil_mode');
      const pad = padding(n, k, s);
      if (Array.isArray(pad)) unsupported(n, 'has asymmetric padding');
      return tf.maxPool(x, k as [number, number], s as [number, number], pad);
    }
    case 'Conv': {
      const w = get(n.inputs[1]) as tf.Tensor4D;
      const k = [w.shape[0], w.shape[1]];
      const s = ints(n.attrs.strides, [1, 1]) as [number, number];
      const d = ints(n.attrs.dilations, [1, 1]) as [number, number];
      const pad = padding(n, k, s);
      if (matmul) {
        if (s.some((v) => v !== 1) || d.some((v) => v !== 1)) unsupported(n, 'is strided or dilated (not trainable on this backend)');
        const [t, l, b, r] = pad === 'valid' ? [0, 0, 0, 0] : pad === 'same' ? [(k[0] - 1) / 2, (k[1] - 1) / 2, (k[0] - 1) / 2, (k[1] - 1) / 2] : [pad[1][0], pad[2][0], pad[1][1], pad[2][1]];
        const xp = t + l + b + r ? tf.pad(x, [[0, 0], [t, b], [l, r], [0, 0]]) : x;
        const y = conv2dValid(xp, w);
        return n.inputs[2] ? tf.add(y, get(n.inputs[2])) : y;
      }
      let y: tf.Tensor4D = Array.isArray(pad)
        ? tf.conv2d(tf.pad(x, pad), w, s, 'valid', 'NHWC', d) // explicit pads: pad first (gradients stay simple)
        : tf.conv2d(x, w, s, pad, 'NHWC', d);
      if (n.inputs[2]) y = tf.add(y, get(n.inputs[2]));
      return y;
    }
    case 'ConvTranspose': {
      const w = get(n.inputs[1]) as tf.Tensor4D; // [kh, kw, out, in]
      const s = ints(n.attrs.strides, [1, 1]);
      const pads = ints(n.attrs.pads, [0, 0, 0, 0]);
      if (pads.some((p) => p !== 0) || n.attrs.output_padding || n.attrs.output_shape) unsupported(n, 'has padding');
      if (ints(n.attrs.dilations, [1, 1]).some((v) => v !== 1)) unsupported(n, 'is dilated');
      const [, h, wd] = x.shape;
      const out: [number, number, number, number] = [x.shape[0], (h - 1) * s[0] + w.shape[0], (wd - 1) * s[1] + w.shape[1], w.shape[2]];
      let y: tf.Tensor4D;
      if (matmul) {
        if (s[0] !== w.shape[0] || s[1] !== w.shape[1]) unsupported(n, 'has a kernel other than its stride (not trainable on this backend)');
        y = convTransposeTiled(x, w);
      } else y = tf.conv2dTranspose(x, w, out, s as [number, number], 'valid');
      if (n.inputs[2]) y = tf.add(y, get(n.inputs[2]));
      return y;
    }
    case 'BatchNormalization': {
      const [scale, bias, mean, variance] = n.inputs.slice(1).map(get) as tf.Tensor1D[];
      return tf.batchNorm(x, mean, variance, bias, scale, Number(n.attrs.epsilon ?? 1e-5));
    }
    default: return unsupported(n, 'is an op the fine-tuner does not know');
  }
}

/** An ONNX NCHW-broadcast operand (C×1×1 or 1×C×1×1) as an NHWC one. */
function bcast(t: tf.Tensor): tf.Tensor {
  if (t.rank === 4) return t.shape[1] === 1 && t.shape[2] === 1 ? t : tf.transpose(t, [0, 2, 3, 1]);
  if (t.rank === 3) return tf.transpose(t, [1, 2, 0]);
  return t;
}
