import { useCallback } from 'react';
import { useFileDrop } from '../../hooks/useFileDrop';
import { useStudio } from '../../state/studio';
import { FileButton } from '../common/FileButton';
import { LargeAnalysisStatus } from './LargeAnalysisStatus';
import type { GroundTruth } from '../../state/types';

/** "gt.png: 512 × 512, binary, 38 objects (connected components), 120 331 foreground px" */
export function truthSummary(gt: GroundTruth): string {
  const kind = gt.isInstance ? `instance labels, ${gt.objects} objects` : `binary, ${gt.objects} objects (connected components)`;
  return `${gt.name}: ${gt.width} × ${gt.height}, ${kind}, ${gt.foregroundPixels} foreground px${gt.invert ? ', inverted' : ''}`;
}

/**
 * The ground-truth mask of the open image: "Open ground truth" (a FileButton, as "Open image"), a drop zone (the panel itself), the "Invert mask" switch and "Clear".
 */
export function TruthControls() {
  const gt = useStudio((s) => s.groundTruth);
  const invert = useStudio((s) => s.invertTruth);
  const loading = useStudio((s) => s.truthLoading);
  const hasImage = useStudio((s) => (!!s.image || !!s.largeImage) && !s.imageLoading);
  const large = useStudio((s) => !!s.largeImage);
  const openTruth = useStudio((s) => s.openTruth);
  const setInvert = useStudio((s) => s.setInvertTruth);
  const clearTruth = useStudio((s) => s.clearTruth);
  const { dragging, handlers } = useFileDrop(useCallback((f: File) => void openTruth(f), [openTruth]));
  const disabled = !hasImage || loading;
  return (
    <section className={`panel drop-panel${dragging ? ' dragging' : ''}`} aria-label="Ground truth" {...handlers}>
      <h2>Ground truth</h2>
      <div className="row">
        <FileButton label="Open ground truth" accept=".tif,.tiff,.png,image/png,image/tiff" disabled={disabled}
          onFile={(f) => void openTruth(f)} />
        {gt && (
          <button type="button" onClick={() => void clearTruth()} disabled={loading}>
            Clear
          </button>
        )}
      </div>
      <label className="check">
        <input type="checkbox" role="switch" checked={invert} disabled={loading} onChange={(e) => void setInvert(e.target.checked)} />
        <span>Invert mask</span>
      </label>
      <p className="hint" data-testid="truth-summary">
        {loading ? 'Reading mask…' : gt ? truthSummary(gt) : hasImage
          ? `PNG or TIFF: 0/255, 0/1 or instance labels (foreground > 0) — or drop the mask here.${large ? ' A mask of a large image is read tile by tile (a tiled TIFF of any size).' : ''}`
          : 'Open an image first.'}
      </p>
      {large && <LargeAnalysisStatus stages={['truth']} />}
      {dragging && <div className="veil drop">Drop to use as ground truth</div>}
    </section>
  );
}
