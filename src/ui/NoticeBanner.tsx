import { useStudio } from '../state/studio';

/**
 * What the worker reported on its own (state/noticeSlice.ts: the GPU device was lost, WebGPU errors) as a
 * dismissible banner beside the error banner. role="status", not "alert": the studio carries on (on WASM), and
 * nothing the person did failed.
 */
export function NoticeBanner() {
  const notice = useStudio((s) => s.notice);
  const dismiss = useStudio((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className="notice-banner" role="status" aria-label="GPU notice" data-kind={notice.kind}>
      <span className="error-text">{notice.message}</span>
      <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss notice">
        ✕
      </button>
    </div>
  );
}
