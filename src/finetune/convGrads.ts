/**
 * Convolutions whose weight gradient tfjs' WASM backend can compute. tfjs-backend-wasm has no
 * Conv2DBackpropFilter kernel, so `tf.conv2d`'s (and `tf.conv2dTranspose`'s) weight gradient throws there.
 * These wrap the same forward ops in tf.customGrad and express the gradients with kernels every backend has:
 * for the 3×3 convolutions both gradients are forward convolutions (XNNPACK on WASM), for the 2×2/2
 * up-convolution the weight gradient is one matMul per kernel tap. Used only on backends without
 * Conv2DBackpropFilter (tfGraph.ts decides); the parity tests run both.
 */
import * as tf from './tf';

/** Whether the active backend can run tfjs' own conv weight gradient. */
export function hasFilterGrad(): boolean {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
}

type Grads = [tf.Tensor, tf.Tensor];

/** `value(x, w)` with the gradients `grad(dy, x, w)` gives (x and w are saved for it), as one tf.customGrad. */
function withGrads(value: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, grad: (dy: tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D) => Grads) {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, wi]);
    return { value: value(xi, wi), gradFunc: (dy, saved) => grad(dy as tf.Tensor4D, ...(saved as [tf.Tensor4D, tf.Tensor4D])) };
  });
  return (x: tf.Tensor4D, w: tf.Tensor4D) => f(x, w) as tf.Tensor4D;
}

/** A weight gradient [kh, kw, r, c] from one matMul per kernel tap (`tap(a, b)`: the r × c block of tap a, b). */
function perTap(kh: number, kw: number, tap: (a: number, b: number) => tf.Tensor2D): tf.Tensor4D {
  const taps: tf.Tensor2D[] = [];
  for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) taps.push(tap(a, b));
  const [r, c] = taps[0].shape;
  return tf.reshape(tf.stack(taps), [kh, kw, r, c]);
}

/**
 * The input gradient of a stride-1 'valid' conv as a forward conv: dY padded by k − 1 on each side, correlated
 * with the kernel rotated by 180° and its in/out channels swapped. tfjs-backend-wasm's Conv2DBackpropInput is a
 * plain loop (7× its XNNPACK Conv2D on cells-synthetic's layers, a quarter of a training step); Conv2D is not.
 */
function inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw] = w.shape;
  const dyp = tf.pad(dy, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
  return tf.conv2d(dyp, tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]), 1, 'valid');
}

/**
 * The weight gradient of a stride-1 'valid' conv as a forward conv: dW[a,b,i,o] = Σ_{n,y,x} X[n,y+a,x+b,i]·dY[n,y,x,o]
 * is X with its channels as the batch ([ci, H, W, n]) correlated with dY as a (ho × wo) kernel over n input
 * channels ([ho, wo, n, co]), giving [ci, kh, kw, co]. One XNNPACK conv instead of kh·kw slices and matMuls
 * (which cost half of a training step in copies and transposed matMuls).
 */
function weightGrad(dy: tf.Tensor4D, x: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.conv2d(tf.transpose(x, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid'), [1, 2, 0, 3]);
}

/** conv2d, stride 1, no dilation, 'valid' on an already padded input; both gradients as forward convs. */
export function conv2dValid(xp: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  return withGrads((x, wi) => tf.conv2d(x, wi, 1, 'valid'), (d, xs, ws) => [inputGrad(d, ws), weightGrad(d, xs)])(xp, w);
}

/**
 * conv2dTranspose with kernel == stride and no padding (the U-Net's 2×2/2 up-convolution): every output pixel
 * comes from exactly one input pixel and one kernel tap, so dW[a,b] = dY_ab^T · X with dY_ab the strided slice.
 * w is tfjs' [kh, kw, out, in] layout.
 */
export function convTransposeTiled(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  return withGrads((xi, wi) => {
    const [n, h, wd] = xi.shape;
    const [kh, kw, co] = wi.shape;
    return tf.conv2dTranspose(xi, wi, [n, h * kh, wd * kw, co], [kh, kw], 'valid');
  }, (d, xs, ws) => {
    const [nn, hh, ww, ci] = xs.shape;
    const [sh, sw, oc] = ws.shape;
    const xM = tf.reshape(xs, [nn * hh * ww, ci]);
    const dw = perTap(sh, sw, (a, b) => {
      const da = tf.stridedSlice(d, [0, a, b, 0], [nn, hh * sh, ww * sw, oc], [1, sh, sw, 1]);
      return tf.matMul(tf.reshape(da, [nn * hh * ww, oc]), xM, true, false); // oc × ci
    });
    return [tf.conv2d(d, ws, [sh, sw], 'valid'), dw]; // the transpose of a transposed conv is the conv
  })(x, w);
}
