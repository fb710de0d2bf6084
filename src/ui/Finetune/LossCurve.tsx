/**
 * The live training curve: loss per step (line, left scale) and validation IoU (dots, right scale 0–1).
 * Plain SVG, redrawn from the arrays on every progress message (a few hundred points at most).
 */
export function LossCurve({ losses, val, steps }: { losses: { step: number; loss: number }[]; val: { step: number; iou: number }[]; steps: number }) {
  const W = 260, H = 110, P = 4;
  const maxLoss = Math.max(1e-6, ...losses.map((l) => l.loss));
  const x = (s: number) => P + ((W - 2 * P) * s) / Math.max(1, steps);
  const yl = (l: number) => H - P - ((H - 2 * P) * l) / maxLoss;
  const yi = (i: number) => H - P - (H - 2 * P) * i;
  const path = losses.map((l, k) => `${k ? 'L' : 'M'}${x(l.step).toFixed(1)},${yl(l.loss).toFixed(1)}`).join('');
  const last = val[val.length - 1];
  return (
    <figure className="finetune-curve">
      <svg width={W} height={H} role="img" aria-label={`Training loss and validation IoU${last ? `, last IoU ${last.iou.toFixed(3)}` : ''}`}>
        <rect x={0} y={0} width={W} height={H} fill="none" stroke="currentColor" strokeOpacity={0.2} />
        <path d={path} fill="none" stroke="#0072B2" strokeWidth={1.5} />
        {val.map((v) => <circle key={v.step} cx={x(v.step)} cy={yi(v.iou)} r={3} fill="#E69F00" />)}
      </svg>
      <figcaption className="hint">
        <span style={{ color: '#0072B2' }}>— loss</span> (max {maxLoss.toFixed(2)}) · <span style={{ color: '#E69F00' }}>● validation IoU</span> (0–1)
      </figcaption>
    </figure>
  );
}
