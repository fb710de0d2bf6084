/**
 * A `--jobs K` runner thread of `npm run segment` (segmentRun.ts `workerRunner`): opens its own onnxruntime-node
 * session from the resolved card, then segments one image per message (an ImageJob; null ends it), posting
 * per-plane progress and the image's summary lines, or its failure message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openModel } from './nodeSession';
import { processImage, type ImageJob, type RunConfig } from './segmentRun';

const port = parentPort!;
const cfg = workerData as RunConfig;
const model = await openModel(cfg.model.card, cfg.model.dir, { threads: cfg.threads });
port.on('message', async (job: ImageJob | null) => {
  if (job === null) {
    await model.release();
    port.close();
    return;
  }
  try {
    const lines = await processImage(model, job, cfg, (k, n, row) => port.postMessage({ type: 'plane', k, n, row }));
    port.postMessage({ type: 'done', lines });
  } catch (e) {
    port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ type: 'ready' });
