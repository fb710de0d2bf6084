import type { ObjectPolygon } from '../../measure/contours';
import type { Size, Viewport } from '../../viewer/viewport';

/** SVG path of pixel-corner rings in image coordinates (measure/contours.ts). */
export function outlinePath(polys: readonly ObjectPolygon[]): string {
  const parts: string[] = [];
  for (const p of polys) {
    for (const r of [p.outer, ...p.holes]) {
      let d = `M${r[0]} ${r[1]}`;
      for (let i = 2; i < r.length; i += 2) d += `L${r[i]} ${r[i + 1]}`;
      parts.push(d + 'Z');
    }
  }
  return parts.join('');
}

/**
 * The selected object's outline over a zoom view: the same pixel-corner polygons as the exports, drawn in image
 * coordinates under the viewport's transform (screen = (image − centre)·scale + view/2), constant stroke width.
 */
export function ObjectOutline({ polygons, label, vp, view }: { polygons: readonly ObjectPolygon[]; label: number; vp: Viewport; view: Size }) {
  const tx = view.width / 2 - vp.centerX * vp.scale, ty = view.height / 2 - vp.centerY * vp.scale;
  return (
    <svg className="layer object-outline" width={view.width} height={view.height} role="img" aria-label={`Outline of object ${label}`} data-label={label}>
      <path d={outlinePath(polygons)} transform={`translate(${tx} ${ty}) scale(${vp.scale})`} fillRule="evenodd" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
