import { largeTruthOf } from '../../state/largeTruth';
import { truthCoversImage } from '../../state/planeSlice';
import { useStudio } from '../../state/studio';

/** Downloads beyond the mask PNG: object labels, probabilities and (with ground truth) the metrics. */
export function ExportControls() {
  const hasResult = useStudio((s) => !!s.result);
  const hasMetrics = useStudio((s) => !!s.result && truthCoversImage(s));
  const downloadLabels = useStudio((s) => s.downloadLabels);
  const downloadProb = useStudio((s) => s.downloadProb);
  const downloadMetrics = useStudio((s) => s.downloadMetrics);
  const hasStack = useStudio((s) => !!s.stack && s.stack.sourceId === s.image?.sourceId);
  const downloadStackLabels = useStudio((s) => s.downloadStackLabels);
  const hasLargeRun = useStudio((s) => !!s.largeImage && !!s.largeRun);
  const hasLargeTruth = useStudio((s) => !!largeTruthOf(s));
  const exportLarge = useStudio((s) => s.exportLarge);
  const largeExporting = useStudio((s) => s.largeExporting);
  if (hasLargeRun) return (
    <section className="panel">
      <h2>Export</h2>
      <div className="row">
        <button type="button" onClick={() => void exportLarge('bigtiff')} disabled={!!largeExporting} title="8-connected objects at the current threshold, merged across tiles: a tiled BigTIFF written tile by tile">
          {largeExporting === 'bigtiff' ? 'Writing labels…' : 'Labels (tiled BigTIFF)'}
        </button>
        <button type="button" onClick={() => void exportLarge('ome-zarr')} disabled={!!largeExporting} title="Image and labels pyramids, OME-NGFF 0.4: into a folder you pick, or a ZIP of the directory">
          {largeExporting === 'ome-zarr' ? 'Writing OME-Zarr…' : 'Image + labels (OME-Zarr)'}
        </button>
      </div>
      {hasLargeTruth && <MetricsButtons download={downloadMetrics} enabled />}
      <p className="hint">Written straight to the file or folder you pick, piece by piece; nothing is uploaded.</p>
    </section>
  );
  return (
    <section className="panel">
      <h2>Export</h2>
      <div className="row">
        <button type="button" onClick={() => void downloadLabels()} disabled={!hasResult} title="8-connected objects of the mask at the current threshold, 0 = background">
          Labels (16-bit TIFF)
        </button>
        <button type="button" onClick={() => void downloadProb()} disabled={!hasResult} title="Foreground probability, 32-bit float">
          Probabilities (float TIFF)
        </button>
      </div>
      {hasStack && (
        <div className="row">
          <button type="button" onClick={() => void downloadStackLabels()} title="Every plane of the stack run, one page each, with the image's pixel size">
            Labels stack (OME-TIFF)
          </button>
        </div>
      )}
      <MetricsButtons download={downloadMetrics} enabled={hasMetrics} />
      <p className="hint">Files are made here and saved from this page: nothing is uploaded.</p>
    </section>
  );
}

/** "Metrics (CSV)" and "Metrics (JSON)": the metrics against the ground truth at the current threshold. */
function MetricsButtons({ download, enabled }: { download: (kind: 'csv' | 'json') => Promise<void>; enabled: boolean }) {
  return (
    <div className="row">
      <button type="button" onClick={() => void download('csv')} disabled={!enabled}>Metrics (CSV)</button>
      <button type="button" onClick={() => void download('json')} disabled={!enabled}>Metrics (JSON)</button>
    </div>
  );
}
