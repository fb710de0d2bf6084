import type { BackendInfo } from '../../worker/api';
import { useStudio } from '../../state/studio';

/** "WebGPU · SwiftShader … (software adapter — slow; CPU emulation)" or "WASM · 2 threads". */
export function backendLabel(info: BackendInfo): string {
  if (info.backend === 'wasm') return `WASM · ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return `WebGPU · ${info.adapter}${info.software ? ' (software adapter — slow; CPU emulation)' : ''}`;
}

export function BackendBadge() {
  const info = useStudio((s) => s.backendInfo);
  if (!info) return <span className="badge badge-pending">Probing backend…</span>;
  return (
    <span className={`badge badge-${info.backend}${info.software ? ' badge-software' : ''}`} title={info.note} data-testid="backend-badge">
      {backendLabel(info)}
    </span>
  );
}
