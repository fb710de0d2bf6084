/**
 * Convolutions whose weight gradient tfjs' WASM backend can compute. tfjs-backend-wasm has no
 * Conv2DBackpropFilter kernel, so `tf.conv2d`'s (and `tf.conv2dTranspose`'s) weight gradient throws there.
 * These wrap the same forward ops in tf.customGrad and express the weight gradient as one matMul per kernel
 * tap (dW[a,b] = X_ab^T · dY over all N·H·W positions), and the input gradient with the kernels every backend
 * has. Used only on backends without Conv2DBackpropFilter (tfGraph.ts decides); the parity tests run both.
 */
import * as tf from './tf';

/** Whether the active backend can run tfjs' own conv weight gradient. */
export function hasFilterGrad(): boolean {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
}

/** conv2d, stride 1, no dilation, 'valid' on an already padded input; gradients via matMul. */
export function conv2dValid(xp: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, wi]);
    return {
      value: tf.conv2d(xi, wi, 1, 'valid'),
      gradFunc: (dy, saved) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const d = dy as tf.Tensor4D;
        const [n, ho, wo, co] = d.shape;
        const [kh, kw, ci] = ws.shape;
        const dx = tf.conv2dTranspose(d, ws, xs.shape, 1, 'valid');
        const dyM = tf.reshape(d, [n * ho * wo, co]);
        const taps: tf.Tensor2D[] = [];
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const xa = tf.reshape(tf.slice(xs, [0, a, b, 0], [n, ho, wo, ci]), [n * ho * wo, ci]);
            taps.push(tf.matMul(xa, dyM, true, false)); // ci × co
          }
        const dw = tf.reshape(tf.stack(taps), [kh, kw, ci, co]);
        return [dx, dw];
      },
    };
  });
  return f(xp, w) as tf.Tensor4D;
}

/**
 * conv2dTranspose with kernel == stride and no padding (the U-Net's 2×2/2 up-convolution): every output pixel
 * comes from exactly one input pixel and one kernel tap, so dW[a,b] = dY_ab^T · X with dY_ab the strided slice.
 * w is tfjs' [kh, kw, out, in] layout.
 */
export function convTransposeTiled(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, wi]);
    const [n, h, wd] = xi.shape;
    const [kh, kw, co] = wi.shape;
    return {
      value: tf.conv2dTranspose(xi, wi, [n, h * kh, wd * kw, co], [kh, kw], 'valid'),
      gradFunc: (dy, saved) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const d = dy as tf.Tensor4D;
        const [nn, hh, ww, ci] = xs.shape;
        const [sh, sw, oc] = ws.shape;
        const dx = tf.conv2d(d, ws, [sh, sw], 'valid'); // the transpose of a transposed conv is the conv
        const xM = tf.reshape(xs, [nn * hh * ww, ci]);
        const taps: tf.Tensor2D[] = [];
        for (let a = 0; a < sh; a++)
          for (let b = 0; b < sw; b++) {
            const da = tf.stridedSlice(d, [0, a, b, 0], [nn, hh * sh, ww * sw, oc], [1, sh, sw, 1]);
            taps.push(tf.matMul(tf.reshape(da, [nn * hh * ww, oc]), xM, true, false)); // oc × ci
          }
        const dw = tf.reshape(tf.stack(taps), [sh, sw, oc, ci]);
        return [dx, dw];
      },
    };
  });
  return f(x, w) as tf.Tensor4D;
}
