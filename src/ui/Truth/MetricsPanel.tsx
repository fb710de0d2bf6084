import { largeTruthOf } from '../../state/largeTruth';
import { truthCoversImage } from '../../state/planeSlice';
import { useStudio } from '../../state/studio';
import type { MetricsView } from '../../worker/api';
import { MetricList, type MetricRow } from './MetricList';
import { SweepPlot } from './SweepPlot';
import { fmt4, useMetrics } from './useMetrics';
import { LargeAnalysisStatus } from './LargeAnalysisStatus';

const score = (label: string, field: string, value: number, title?: string): MetricRow => ({ label, field, value, text: fmt4(value), title });
const count = (label: string, field: string, value: number, title?: string): MetricRow => ({ label, field, value, text: String(value), title });

function pixelRows(m: MetricsView): MetricRow[] {
  const p = m.pixel;
  return [
    score('IoU', 'iou', p.iou, 'TP / (TP + FP + FN)'),
    score('Dice', 'dice', p.dice, '2TP / (2TP + FP + FN)'),
    score('Precision', 'precision', p.precision, 'TP / (TP + FP)'),
    score('Recall', 'recall', p.recall, 'TP / (TP + FN)'),
    count('TP', 'tp', p.tp, 'predicted and in the ground truth (pixels)'),
    count('FP', 'fp', p.fp, 'predicted, not in the ground truth (pixels)'),
    count('FN', 'fn', p.fn, 'in the ground truth, not predicted (pixels)'),
    count('TN', 'tn', p.tn, 'background in both (pixels)'),
  ];
}

function objectRows(m: MetricsView): MetricRow[] {
  const o = m.objects;
  const segOn = o.truthObjects === 'instance labels' ? 'on the GT instance labels' : 'on the GT connected components';
  return [
    count('Predicted', 'objects-predicted', o.nPred, '8-connected components of the thresholded mask'),
    count('Ground truth', 'objects-truth', o.nGt, o.truthObjects === 'instance labels' ? 'instance labels of the mask' : '8-connected components of the mask'),
    count('Matched', 'objects-matched', o.tp, `one-to-one pairs with IoU ≥ ${o.iouThreshold}`),
    score('Precision', 'object-precision', o.precision),
    score('Recall', 'object-recall', o.recall),
    score('F1', 'object-f1', o.f1),
    score('Mean IoU', 'mean-matched-iou', o.meanMatchedIoU, 'mean IoU of the matched pairs'),
    score(`SEG (${o.truthObjects === 'instance labels' ? 'labels' : 'components'})`, 'seg', o.seg,
      `Cell Tracking Challenge SEG ${segOn}: mean Jaccard over GT objects, a prediction counts when it covers more than half of one`),
  ];
}

/** Pixel metrics of a stack run: counts summed over the planes that have a mask. */
function StackMetricsRows() {
  const sm = useStudio((s) => s.stackMetrics);
  if (!sm) return null;
  const p = sm.pixel;
  return (
    <>
      <h3>Stack ({sm.planes} of {sm.totalPlanes} planes with a mask)</h3>
      <MetricList rows={[
        score('IoU', 'stack-iou', p.iou, 'summed TP / (TP + FP + FN) over the planes'),
        score('Dice', 'stack-dice', p.dice, 'summed 2TP / (2TP + FP + FN) over the planes'),
        count('TP', 'stack-tp', p.tp), count('FP', 'stack-fp', p.fp), count('FN', 'stack-fn', p.fn),
      ]} />
    </>
  );
}

/** Pixel and object metrics of the current result against the ground truth, and the IoU/Dice sweep. */
export function MetricsPanel() {
  const gt = useStudio((s) => s.groundTruth);
  // a large image's mask is compared tile by tile in the worker (state/largeTruth.ts), the same numbers
  const large = useStudio((s) => !!largeTruthOf(s));
  const covered = useStudio(truthCoversImage) || large;
  const hasResult = useStudio((s) => !!s.result || (large && !!s.largeRun));
  const m = useMetrics();
  let body;
  if (!gt) body = <p className="hint">Open a ground-truth mask to compare the result with it.</p>;
  else if (!covered) body = <p className="hint">“{gt.name}” has no mask for this plane.</p>;
  else if (!hasResult) body = <p className="hint">Segment the image to compare it with “{gt.name}”.</p>;
  else if (!m) body = <p className="hint">{large ? 'Metrics follow once the threshold rests (read tile by tile).' : 'Computing…'}</p>;
  else {
    body = (
      <>
        <p className="hint">
          vs “{m.truthName}” at threshold <span className="mono" data-field="metrics-threshold">{m.threshold.toFixed(2)}</span>;
          pixel counts on <span data-field="metrics-device" data-value={m.device}>{m.device === 'webgpu' ? 'the GPU' : 'the CPU'}</span>
          {large && ', tile by tile'}
        </p>
        <h3>Pixels</h3>
        <MetricList rows={pixelRows(m)} />
        <h3>Objects (IoU ≥ {m.objects.iouThreshold})</h3>
        <MetricList rows={objectRows(m)} />
        <SweepPlot sweep={m.sweep} />
      </>
    );
  }
  return (
    <section className="panel info metrics" aria-label="Metrics">
      <h2>Metrics</h2>
      {large && <LargeAnalysisStatus stages={['metrics', 'counting']} />}
      {body}
      <StackMetricsRows />
    </section>
  );
}
