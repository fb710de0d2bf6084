import { useStudio } from '../state/studio';

/** The last error as a dismissible banner; the rest of the page stays usable. */
export function ErrorBanner() {
  const error = useStudio((s) => s.error);
  const dismiss = useStudio((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-code={error.code}>
      <span className="error-text">{error.message}</span>
      <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  );
}
