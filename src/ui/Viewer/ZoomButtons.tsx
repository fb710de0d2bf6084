interface Props {
  scale: number;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
  onOneToOne: () => void;
}

/** The zoom buttons in a viewer's corner, with the current magnification ("250 %"). */
export function ZoomButtons({ scale, onZoomIn, onZoomOut, onFit, onOneToOne }: Props) {
  return (
    <div className="zoom-buttons">
      <button type="button" aria-label="Zoom in" title="Zoom in (or scroll)" onClick={onZoomIn}>+</button>
      <button type="button" aria-label="Zoom out" title="Zoom out (or scroll)" onClick={onZoomOut}>−</button>
      <button type="button" title="Fit the image" onClick={onFit}>Fit</button>
      <button type="button" title="One image pixel per screen pixel" onClick={onOneToOne}>1:1</button>
      <span className="zoom-level mono" aria-label="Zoom level">{`${Math.round(scale * 100)} %`}</span>
    </div>
  );
}
