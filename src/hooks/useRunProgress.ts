import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../state/studio';
import type { Studio } from '../state/types';

/** One line saying what the run is doing, for the status region (role="status"). */
export function runStatusText(s: Pick<Studio, 'runStatus' | 'progress' | 'result' | 'image'>): string {
  const p = s.progress;
  switch (s.runStatus) {
    case 'running':
      if (!p || p.stage === 'loading-model') return 'Loading model…';
      if (p.plane) return `Segmenting plane ${Math.min(p.plane.done + 1, p.plane.total)} / ${p.plane.total}… ${p.done} / ${p.total} tiles`;
      return `Segmenting… ${p.done} / ${p.total} tiles`;
    case 'cancelling':
      return 'Cancelling…';
    case 'cancelled':
      if (p?.plane) return `Cancelled at plane ${p.plane.done + 1} / ${p.plane.total} (the planes before it are kept).`;
      return p && p.total ? `Cancelled after ${p.done} / ${p.total} tiles.` : 'Cancelled.';
    case 'failed':
      return 'Segmentation failed — see the message above.';
    case 'done':
      return s.result ? `Done: ${s.result.tiles} tiles in ${Math.round(s.result.ms)} ms.` : 'Done.';
    default:
      return s.image ? 'Ready to segment.' : 'Open an image to begin.';
  }
}

/** Progress numbers and the status line of the current run. */
export function useRunProgress() {
  return useStudio(useShallow((s) => ({
    status: s.runStatus,
    done: s.progress?.stage === 'inference' ? s.progress.done : 0,
    total: s.progress?.stage === 'inference' ? s.progress.total : 0,
    text: runStatusText(s),
  })));
}
