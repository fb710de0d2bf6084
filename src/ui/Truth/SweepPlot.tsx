import { useStudio } from '../../state/studio';
import type { MetricsView } from '../../worker/api';

// Plot box in SVG units (scaled by CSS): x = threshold 0..1, y = score 0..1.
const W = 240, H = 150, L = 28, R = 8, T = 8, B = 22;
const px = (t: number) => L + t * (W - L - R);
const py = (v: number) => H - B - v * (H - T - B);
/** Okabe–Ito sky blue and yellow: apart from each other and from the error-map colours. */
const IOU_COLOR = '#56B4E9', DICE_COLOR = '#F0E442';

const line = (ts: Float32Array, vs: Float32Array) =>
  Array.from(ts, (t, i) => `${i ? 'L' : 'M'}${px(t).toFixed(1)},${py(vs[i]).toFixed(1)}`).join('');

/** Slider range of the threshold control (ViewControls). */
const clampSlider = (t: number) => Math.min(0.99, Math.max(0.01, Math.round(t * 100) / 100));

/**
 * IoU and Dice against the threshold (thresholdSweep, 101 steps) as a small SVG, no chart library: the best
 * threshold dashed, the current one solid, and a button that moves the slider to the best.
 */
export function SweepPlot({ sweep }: { sweep: MetricsView['sweep'] }) {
  const threshold = useStudio((s) => s.threshold);
  const setThreshold = useStudio((s) => s.setThreshold);
  const { best } = sweep;
  const bestT = Math.round(best.threshold * 100) / 100;
  return (
    <figure className="sweep">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="IoU and Dice sweep" data-best={bestT} data-current={threshold}>
        <title>{`IoU and Dice for thresholds 0 to 1; best IoU ${best.iou.toFixed(4)} at ${bestT.toFixed(2)}, current ${threshold.toFixed(2)}`}</title>
        <g className="axis">
          <path d={`M${L},${T}V${H - B}H${W - R}`} fill="none" />
          {[0, 0.5, 1].map((v) => (
            <g key={v}>
              <text x={L - 4} y={py(v) + 3} textAnchor="end">{v}</text>
              <text x={px(v)} y={H - B + 13} textAnchor="middle">{v}</text>
              {v > 0 && <path d={`M${L},${py(v)}H${W - R}`} className="grid" />}
            </g>
          ))}
        </g>
        <path d={line(sweep.thresholds, sweep.dice)} fill="none" stroke={DICE_COLOR} strokeWidth={1.5} strokeDasharray="4 2" />
        <path d={line(sweep.thresholds, sweep.iou)} fill="none" stroke={IOU_COLOR} strokeWidth={1.8} />
        <path d={`M${px(best.threshold)},${T}V${H - B}`} className="best" />
        <circle cx={px(best.threshold)} cy={py(best.iou)} r={3} fill={IOU_COLOR} />
        <path d={`M${px(threshold)},${T}V${H - B}`} className="current" />
      </svg>
      <figcaption className="sweep-legend">
        <span><i style={{ background: IOU_COLOR }} /> IoU</span>
        <span><i className="dashed" style={{ borderColor: DICE_COLOR }} /> Dice</span>
        <span data-field="best-threshold">best {bestT.toFixed(2)} (IoU {best.iou.toFixed(4)})</span>
      </figcaption>
      <button type="button" onClick={() => setThreshold(clampSlider(best.threshold))} disabled={clampSlider(best.threshold) === threshold}>
        Use best ({clampSlider(best.threshold).toFixed(2)})
      </button>
    </figure>
  );
}
