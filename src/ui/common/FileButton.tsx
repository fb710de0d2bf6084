/**
 * A styled <label> for a visually hidden file input, so the input itself keeps the focus, the keyboard and
 * the accessible name (the label's text). Choosing the same file again still fires (the value is reset).
 */
export function FileButton({ label, accept, disabled, onFile }: {
  label: string;
  accept: string;
  disabled: boolean;
  onFile: (f: File) => void;
}) {
  return (
    <label className={`button file-button${disabled ? ' disabled' : ''}`}>
      {label}
      <input
        type="file"
        className="visually-hidden"
        accept={accept}
        disabled={disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onFile(f);
        }}
      />
    </label>
  );
}
