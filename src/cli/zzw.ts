import { parentPort } from 'node:worker_threads';
import { labelComponents } from '../metrics/components';
const x: number = 41;
parentPort!.postMessage({ v: x + 1, c: labelComponents(new Uint8Array([1,0,1]),3,1).count });
