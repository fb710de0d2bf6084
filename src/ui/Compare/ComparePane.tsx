import { useRgbaCanvas } from '../../hooks/useRgbaCanvas';
import type { ImageView } from '../../worker/api';

interface Props {
  label: string;
  title: string;
  detail: string;
  image: ImageView;
  overlay: { rgba: Uint8ClampedArray; width: number; height: number } | null;
  foreground?: number;
  opacity: number;
  children?: React.ReactNode;
}

/** One pane of compare mode: the image with an overlay from the worker, a caption, and optional extras. */
export function ComparePane({ label, title, detail, image, overlay, foreground, opacity, children }: Props) {
  const imageRef = useRgbaCanvas(image);
  const overlayRef = useRgbaCanvas(overlay);
  return (
    <figure className="compare-pane" aria-label={label}>
      <figcaption>
        <strong>{title}</strong>
        <span className="hint">{detail}</span>
      </figcaption>
      <div className="compare-stage" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
        <canvas ref={imageRef} className="layer" role="img" aria-label={`${label} image`} />
        <canvas
          ref={overlayRef}
          className="layer"
          role="img"
          aria-label={`${label} overlay`}
          data-foreground={foreground ?? ''}
          hidden={!overlay}
          style={{ opacity }}
        />
      </div>
      {children}
    </figure>
  );
}
