import type { ChannelView } from '../../worker/api';

/** A channel's histogram (log counts, so faint structure shows) with its display window as two lines. */
export function Histogram({ view }: { view: ChannelView }) {
  const W = 160, H = 40;
  const bins = view.histogram;
  const top = Math.max(1, ...bins.map((n) => Math.log1p(n)));
  const [min, max] = view.range;
  const x = (v: number) => (max > min ? ((v - min) / (max - min)) * W : 0);
  const bw = W / bins.length;
  return (
    <svg className="histogram" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img"
      aria-label={`${view.name} histogram, ${min} to ${max}, window ${view.window[0]} to ${view.window[1]}`}>
      {bins.map((n, i) => {
        const h = (Math.log1p(n) / top) * H;
        return <rect key={i} x={i * bw} y={H - h} width={Math.max(1, bw - 0.5)} height={h} fill="currentColor" opacity={0.6} />;
      })}
      {view.window.map((v, i) => (
        <line key={i} x1={x(v)} x2={x(v)} y1={0} y2={H} stroke={view.color === '#ffffff' ? '#f59e0b' : view.color} strokeWidth={1.5} />
      ))}
    </svg>
  );
}
