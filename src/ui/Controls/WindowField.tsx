/** Min / max fields of a display window (DisplayControls, LargeDisplayControls). */
const fmt = (v: number) => String(Number.isInteger(v) ? v : Number(v.toPrecision(5)));

/** A number field that commits on Enter or when it loses focus (not on every keystroke). */
export function WindowField({ label, value, onCommit }: { label: string; value: number; onCommit: (v: number) => void }) {
  const commit = (el: HTMLInputElement) => {
    const v = Number(el.value);
    if (el.value.trim() !== '' && Number.isFinite(v) && v !== value) onCommit(v);
  };
  return (
    <input key={value} type="number" className="window-field" aria-label={label} defaultValue={fmt(value)} step="any"
      onBlur={(e) => commit(e.currentTarget)} onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)} />
  );
}
