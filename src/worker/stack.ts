/**
 * Stack runs: segment every Z/T plane of one channel of an open file, one plane after the other, and hold each
 * plane's probabilities as uint8 (round(prob·255)). Memory is bounded by design: width·height bytes per plane,
 * at most STACK_BYTES per stack and STACKS_HELD stacks (a quarter of what float32 maps would take). A plane of a
 * stack is a run like any other ("<stackId>#<plane index>"): overlays, metrics and exports read it through
 * `heldRun`, which widens one plane back to float32 (q/255) on demand and keeps the last few.
 */
import { StudioError } from '../errors';
import { planeIndex, stackPlanes, type ChannelPick } from '../io/source';
import { scores } from '../metrics/scores';
import type { Confusion } from '../metrics/confusion';
import type { Progress, SegmentOptions, StackMetrics, StackPlane, StackSummary } from './api';
import { Lru, nextId, runs, sources, truths, type HeldRun } from './held';
import { checkPlane, readPlane, truthKey } from './planes';
import { runSegmentation, type CancelToken } from './run';

/** Most bytes of uint8 probabilities one stack may hold (256 MiB: e.g. 1024² × 256 planes). */
export const STACK_BYTES = 256 * 2 ** 20;
/** Stacks held at once (the newest replace the oldest). */
export const STACKS_HELD = 2;

export interface HeldStack {
  id: string;
  sourceId: string;
  channel: ChannelPick;
  modelId: string;
  imageName: string;
  width: number;
  height: number;
  sizeT: number;
  sizeZ: number;
  /** Plane index → imageId and uint8 probabilities; planes not run yet (cancelled) are absent. */
  planes: Map<number, { imageId: string; prob: Uint8Array }>;
}

export const stacks = new Lru<HeldStack>(STACKS_HELD, 'stack run');
/** Float32 views of stack planes that were asked for (overlay, metrics, exports), a few at a time. */
const widened = new Lru<HeldRun>(3, 'stack plane');

/** q → q/255 as float32: the one rule every reader of a stack plane uses, so masks and metrics agree. */
const LUT = Float32Array.from({ length: 256 }, (_, q) => q / 255);

const quantize = (prob: Float32Array): Uint8Array => {
  const out = new Uint8Array(prob.length);
  for (let i = 0; i < prob.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, prob[i])) * 255);
  return out;
};

const widen = (q: Uint8Array): Float32Array => {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = LUT[q[i]];
  return out;
};

export const stackRunId = (stackId: string, index: number) => `${stackId}#${index}`;

/** A held run by id: a plane run, a compare/baseline run, or one plane of a stack. */
export function heldRun(runId: string): HeldRun {
  if (runs.peek(runId)) return runs.get(runId);
  const m = /^(.+)#(\d+)$/.exec(runId);
  if (!m) return runs.get(runId); // throws "no longer holds"
  const hit = widened.peek(runId);
  if (hit) return widened.get(runId);
  const s = stacks.get(m[1]);
  const p = s.planes.get(Number(m[2]));
  if (!p) throw new StudioError('internal', `Plane ${m[2]} of stack run ${s.id} was not segmented (the run was cancelled before it).`);
  const run: HeldRun = { id: runId, imageId: p.imageId, imageName: s.imageName, modelId: s.modelId, width: s.width, height: s.height, prob: widen(p.prob) };
  widened.put(runId, run);
  return run;
}

/**
 * Segment every Z/T plane of `channel`. A cancel after the first plane resolves with the planes done so far
 * (`cancelled: true`); before it, it rejects with 'cancelled'. `segment` is the one-plane
 * run (run.ts; unit tests pass a stand-in without ORT).
 */
export async function runStack(
  sourceId: string, channel: ChannelPick, opts: SegmentOptions, onProgress: (p: Progress) => void, token: CancelToken,
  stackId = nextId('stk'), segment: typeof runSegmentation = runSegmentation,
): Promise<StackSummary> {
  const src = sources.get(sourceId);
  const s = src.source;
  const list = stackPlanes(s, channel);
  list.forEach((p) => checkPlane(s, p));
  const bytes = list.length * s.width * s.height;
  if (bytes > STACK_BYTES) {
    throw new StudioError('image-too-large',
      `“${s.name}” has ${list.length} planes of ${s.width} × ${s.height}: ${(bytes / 2 ** 20).toFixed(0)} MiB of results, more than the ${STACK_BYTES / 2 ** 20} MiB a stack run may hold. Segment single planes instead.`);
  }
  const held: HeldStack = {
    id: stackId, sourceId, channel, modelId: opts.modelId, imageName: s.name, width: s.width, height: s.height,
    sizeT: s.sizeT, sizeZ: s.sizeZ, planes: new Map(),
  };
  stacks.put(stackId, held);
  const t0 = performance.now();
  const out: StackPlane[] = [];
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    const index = planeIndex(s, p);
    const img = await readPlane(src, p);
    const plane = { done: k, total: list.length };
    let done;
    try {
      done = await segment(img, stackRunId(stackId, index), opts, (pr) => onProgress({ ...pr, plane }), token);
    } catch (e) {
      // A cancel keeps the planes already segmented: the page can show and measure them.
      if (e instanceof StudioError && e.code === 'cancelled' && out.length) return { stackId, sourceId, channel, planes: out, ms: performance.now() - t0, cancelled: true };
      throw e;
    }
    const { summary, run } = done;
    held.planes.set(index, { imageId: img.id, prob: quantize(run.prob) });
    run.gpu?.prob.destroy(); // the GPU map is not kept for stack planes: the uint8 copy is the result
    held.modelId = summary.modelId;
    out.push({ t: p.t, z: p.z, index, imageId: img.id, summary });
  }
  onProgress({ stage: 'inference', done: 0, total: 0, plane: { done: list.length, total: list.length } });
  return { stackId, sourceId, channel, planes: out, ms: performance.now() - t0 };
}

/** Pixel counts summed over the planes of a stack run that have a ground-truth mask. */
export function stackMetrics(stackId: string, threshold: number): StackMetrics {
  const s = stacks.get(stackId);
  const sum: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let planes = 0;
  for (const [, p] of s.planes) {
    const truth = truths.peek(truthKey(p.imageId));
    if (!truth) continue;
    planes++;
    const gt = truth.objects.binary;
    for (let i = 0; i < p.prob.length; i++) {
      const f = LUT[p.prob[i]] >= threshold, g = gt[i] > 0;
      if (f) { if (g) sum.tp++; else sum.fp++; } else if (g) sum.fn++; else sum.tn++;
    }
  }
  return { stackId, threshold, planes, totalPlanes: s.sizeT * s.sizeZ, pixel: { ...sum, ...scores(sum) } };
}

