import { useCallback } from 'react';
import { useFileDrop } from '../../hooks/useFileDrop';
import { useStudio } from '../../state/studio';
import { activeEdit } from '../../state/editSlice';
import { useEditTool } from '../Edit/useEditTool';
import { ZoomView } from './ZoomView';
import { LargeView } from './LargeView';

/**
 * The image with its overlay on top, in a zoom/pan view (ZoomView: drawn from tiles, synced with the compare
 * panes). The whole viewer is the drop zone. Overlay opacity is a CSS property: changing it costs no pixel work.
 */
export function Viewer() {
  const image = useStudio((s) => s.image);
  const large = useStudio((s) => s.largeImage);
  const overlay = useStudio((s) => s.overlay);
  const opacity = useStudio((s) => s.opacity);
  const showMask = useStudio((s) => s.showMask);
  const loading = useStudio((s) => s.imageLoading);
  const selected = useStudio((s) => s.selectedObject);
  const runId = useStudio((s) => s.result?.runId);
  const threshold = useStudio((s) => s.threshold);
  const outline = selected && selected.runId === runId && selected.threshold === threshold
    ? { label: selected.row.label, polygons: selected.outline } : null;
  const openFile = useStudio((s) => s.openFile);
  const edited = useStudio((s) => (s.showEdited && activeEdit(s) ? s.editOverlay : null));
  const editPointer = useEditTool();
  const { dragging, handlers } = useFileDrop(useCallback((f: File) => void openFile(f), [openFile]));
  return (
    <section className={`viewer${dragging ? ' dragging' : ''}`} aria-label="Image viewer" {...handlers}>
      {image ? (
        <div className="stage">
          <ZoomView label="Image" imageId={image.imageId} image={image} imageLabel={`Image ${image.name}`}
            overlay={edited ?? overlay} overlayLabel={edited ? 'Corrected mask overlay' : 'Segmentation overlay'}
            opacity={showMask || edited ? opacity : 0} outline={outline} editPointer={editPointer} />
        </div>
      ) : large ? (
        <div className="stage">
          <LargeView large={large} />
        </div>
      ) : (
        <div className="empty">
          <p className="empty-title">Drop a microscopy image here</p>
          <p className="hint">or use “Open image” / “Open example”. Files never leave this computer.</p>
        </div>
      )}
      {loading && <div className="veil" aria-live="polite">Decoding…</div>}
      {dragging && <div className="veil drop">Drop to open</div>}
    </section>
  );
}
