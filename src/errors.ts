/**
 * Typed errors shared by every ring (io, tiling, worker, ui). They cross the worker boundary as plain
 * `{code, message}` (see `toErrorInfo`) and the UI shows the message from store state.
 */
export type ErrorCode =
  | 'empty-file'
  | 'not-an-image'
  | 'truncated-file'
  | 'unsupported-format'
  | 'unsupported-sample-format'
  | 'image-too-large'
  | 'size-mismatch'
  | 'out-of-range'
  | 'model-invalid'
  | 'model-load-failed'
  | 'inference-failed'
  | 'webgpu-unavailable'
  | 'cancelled'
  | 'worker-lost'
  | 'out-of-memory'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class StudioError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
  }
}

/** Turn anything thrown into plain data the UI can show; unknown errors keep their message. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof StudioError) return { code: err.code, message: err.message };
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: unknown; message: unknown };
    if (typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code as ErrorCode, message: e.message };
  }
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}
