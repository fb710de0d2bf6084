import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../state/studio';
import type { Studio } from '../state/types';

/** One line saying what the run is doing, for the status region (role="status"). */
/** "about 3 min left" from a streamed run's ETA. */
export function etaText(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}

export function runStatusText(s: Pick<Studio, 'runStatus' | 'progress' | 'result' | 'image' | 'largeImage' | 'largeRunView'>): string {
  const p = s.progress;
  switch (s.runStatus) {
    case 'running':
      if (!p || p.stage === 'loading-model') return 'Loading model…';
      if (p.plane) return `Segmenting plane ${Math.min(p.plane.done + 1, p.plane.total)} / ${p.plane.total}… ${p.done} / ${p.total} tiles`;
      if ('etaMs' in p && typeof p.etaMs === 'number') return `Segmenting… ${p.done} / ${p.total} tiles, ${etaText(p.etaMs)}`;
      return `Segmenting… ${p.done} / ${p.total} tiles`;
    case 'cancelling':
      return 'Cancelling…';
    case 'cancelled':
      if (p?.plane) return `Cancelled at plane ${p.plane.done + 1} / ${p.plane.total} (the planes before it are kept).`;
      return p && p.total ? `Cancelled after ${p.done} / ${p.total} tiles.` : 'Cancelled.';
    case 'failed':
      return 'Segmentation failed — see the message above.';
    case 'done':
      if (p?.plane) return `Done: ${p.plane.total} planes.`;
      if (s.result) return `Done: ${s.result.tiles} tiles in ${Math.round(s.result.ms)} ms.`;
      if (s.largeImage && s.largeRunView?.imageId === s.largeImage.imageId)
        return `Done: ${s.largeRunView.tilesRun} tiles of ${s.largeRunView.tile}px in ${(s.largeRunView.ms / 1000).toFixed(1)} s.`;
      return 'Done.';
    default:
      return s.image || s.largeImage ? 'Ready to segment.' : 'Open an image to begin.';
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
