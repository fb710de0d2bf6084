/**
 * Objects as a GeoJSON FeatureCollection the way QuPath imports it (File › Import objects, or drag and drop):
 * one Feature per object with a Polygon (or MultiPolygon for pieces that touch only at a corner), holes kept,
 * `properties.objectType: "detection"`, `name` = label, optional `classification: {name, color}`, and
 * `measurements` as a name → number object (QuPath ≥ 0.4; qupath-core PathObjectTypeAdapters reads both this and
 * the older list form). Coordinates are image pixels with (0, 0) the top-left corner of the first pixel, which is
 * QuPath's convention too. Exterior rings are counter-clockwise and holes clockwise in x/y algebra (RFC 7946 §3.1.6).
 */
import { OBJECT_COLUMNS } from '../measure/columns';
import type { ObjectPolygon, Ring } from '../measure/contours';
import type { ObjectRow } from '../measure/regionprops';

/** QuPath classification of every exported object. */
export interface Classification {
  name: string;
  /** RGB 0–255 */
  color?: [number, number, number];
}

/**
 * Build the FeatureCollection text for `rows`, with each row's polygons from `contours` (label → polygons).
 * Measurements that are undefined (NaN) are left out: JSON has no NaN and QuPath's reader would fail on null.
 */
export function objectsGeoJson(rows: readonly ObjectRow[], contours: Map<number, ObjectPolygon[]>, classification?: Classification): string {
  const features = rows.map((row) => {
    const polys = contours.get(row.label) ?? [];
    const coords = polys.map((p) => [closeRing(p.outer), ...p.holes.map(closeRing)]);
    const geometry = coords.length === 1 ? { type: 'Polygon', coordinates: coords[0] } : { type: 'MultiPolygon', coordinates: coords };
    const measurements: Record<string, number> = {};
    for (const c of OBJECT_COLUMNS) {
      const v = c.value(row);
      if (Number.isFinite(v)) measurements[c.key] = v;
    }
    const properties: Record<string, unknown> = { objectType: 'detection', name: String(row.label) };
    if (classification) properties.classification = classification.color ? { name: classification.name, color: classification.color } : { name: classification.name };
    properties.measurements = measurements;
    return { type: 'Feature', geometry, properties };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** GeoJSON ring: [[x, y], …] with the first position repeated at the end. */
function closeRing(r: Ring): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r.length; i += 2) out.push([r[i], r[i + 1]]);
  out.push([r[0], r[1]]);
  return out;
}
