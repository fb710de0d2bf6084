/** One row of a metrics list: label, `data-field` name, value and how to print it. */
export interface MetricRow {
  label: string;
  field: string;
  value: number;
  text: string;
  title?: string;
}

/**
 * A definition list of metrics. Each value carries `data-field` (for tests and scripts) and `data-value`, the
 * number at full precision, while the text shows it rounded.
 */
export function MetricList({ rows }: { rows: MetricRow[] }) {
  return (
    <dl>
      {rows.map((r) => (
        <div key={r.field} className="info-row" title={r.title}>
          <dt>{r.label}</dt>
          <dd data-field={r.field} data-value={String(r.value)}>{r.text}</dd>
        </div>
      ))}
    </dl>
  );
}
