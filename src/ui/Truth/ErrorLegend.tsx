import { ERROR_COLORS } from '../../metrics/errorMap';
import { useStudio } from '../../state/studio';

const KEYS = ['tp', 'fp', 'fn'] as const;

/** Legend of the error map: the ERROR_COLORS swatches (the same constants that paint the pixels) with counts. */
export function ErrorLegend() {
  const counts = useStudio((s) => (s.overlayMode === 'errors' ? s.overlay?.counts : undefined));
  if (!counts) return null;
  return (
    <section className="panel" aria-label="Error map legend">
      <h2>Error map</h2>
      <ul className="legend">
        {KEYS.map((k) => (
          <li key={k} data-kind={k}>
            <i className="swatch" style={{ background: ERROR_COLORS[k].hex }} title={ERROR_COLORS[k].name} />
            <span>{ERROR_COLORS[k].label}</span>
            <span className="mono" data-count={counts[k]}>{counts[k].toLocaleString('en-US')} px</span>
          </li>
        ))}
      </ul>
      <p className="hint">True negatives are not drawn. Colours from the Okabe–Ito palette (colour-blind safe).</p>
    </section>
  );
}
