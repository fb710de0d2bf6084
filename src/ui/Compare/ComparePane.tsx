import type { ImageView } from '../../worker/api';
import { ZoomView } from '../Viewer/ZoomView';

interface Props {
  label: string;
  title: string;
  detail: string;
  image: ImageView;
  overlay: { rgba: Uint8ClampedArray; width: number; height: number; foregroundPixels?: number } | null;
  opacity: number;
  children?: React.ReactNode;
}

/**
 * One pane of compare mode: the image with an overlay from the worker in a zoom/pan view that follows the
 * shared viewport (all panes and the main viewer move together), a caption, and optional extras.
 */
export function ComparePane({ label, title, detail, image, overlay, opacity, children }: Props) {
  return (
    <figure className="compare-pane" aria-label={label}>
      <figcaption>
        <strong>{title}</strong>
        <span className="hint">{detail}</span>
      </figcaption>
      <div className="compare-stage" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
        <ZoomView label={label} imageId={image.imageId} image={image} imageLabel={`${label} image`}
          overlay={overlay} overlayLabel={`${label} overlay`} opacity={opacity} />
      </div>
      {children}
    </figure>
  );
}
