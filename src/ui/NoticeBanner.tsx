import { useStudio } from '../state/studio';

const LABELS: Record<string, string> = { 'worker-lost': 'Worker notice', 'data-warning': 'Data warning' };

/**
 * What happened without the person doing anything (state/noticeSlice.ts: the GPU device was lost, WebGPU
 * errors; recoverySlice.ts: the worker died and was replaced) as a dismissible banner beside the error banner.
 * role="status", not "alert": the studio carries on, and nothing the person did failed. After a lost worker it
 * offers to run the segmentation again (the image is back, the result was lost with the worker).
 */
export function NoticeBanner() {
  const notice = useStudio((s) => s.notice);
  const dismiss = useStudio((s) => s.dismissNotice);
  const canRerun = useStudio((s) => !!s.image && !!s.modelId && s.runStatus !== 'running' && s.runStatus !== 'cancelling' && !s.imageLoading);
  const startRun = useStudio((s) => s.startRun);
  if (!notice) return null;
  const rerun = notice.kind === 'worker-lost' && canRerun;
  return (
    <div className="notice-banner" role="status" aria-label={LABELS[notice.kind] ?? 'GPU notice'} data-kind={notice.kind}>
      <span className="error-text">{notice.message}</span>
      {rerun && (
        <button type="button" onClick={() => { dismiss(); void startRun(); }}>
          Segment again
        </button>
      )}
      <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss notice">
        ✕
      </button>
    </div>
  );
}
