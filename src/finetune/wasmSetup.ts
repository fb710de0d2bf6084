/**
 * tfjs' WASM backend as the studio's workers run it (the Fine-tune worker, and the bench's fine-tune worker that
 * times the same training step): XNNPACK + SIMD, threaded when the page is cross-origin isolated
 * (SharedArrayBuffer), its .wasm files served as files of the app. Import it once, for its side effects, before
 * `useBackend('wasm')`; worker-only (it reads `self` and patches URL.createObjectURL of the worker it runs in).
 */
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import threadedMain from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import pthreadWorker from './pthread/tfjsPthread.js?url&no-inline';
import * as tf from './tf';

/** Threads of tfjs' WASM backend when the page is cross-origin isolated (SharedArrayBuffer): one per core, ≤ 8. */
export const WASM_THREADS = self.crossOriginIsolated ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)) : 1;

/** How the WASM backend runs, for cards and reports: "SIMD, 4 threads". */
export const WASM_LABEL = `SIMD, ${WASM_THREADS} thread${WASM_THREADS > 1 ? 's' : ''}`;

// tfjs' threaded WASM starts its pthread workers from blob: URLs (refused by the app's CSP, worker-src 'self')
// holding the bundled factory's toString() ("e is not defined": names the bundler renamed). Its pthread worker
// script is the one blob of type application/javascript it makes; hand it our own copy instead, served as a file
// of the app, which loads the original factory script (see pthread/vendor.ts).
if (WASM_THREADS > 1) {
  const createObjectURL = URL.createObjectURL.bind(URL);
  // searchParams, not `+ '?main='`: under Vite's dev server (the bench page) the URL already has a query (?no-inline)
  const pthread = new URL(pthreadWorker, self.location.href);
  pthread.searchParams.set('main', new URL(threadedMain, self.location.href).href);
  const pthreadUrl = pthread.href;
  URL.createObjectURL = (o: Blob | MediaSource) => (o instanceof Blob && o.type === 'application/javascript' ? pthreadUrl : createObjectURL(o));
  setThreadsCount(WASM_THREADS);
} else {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
