import type { ObjectRow } from './regionprops';

/** A column of the objects table: its CSV/GeoJSON name (skimage `regionprops_table` naming), label and value. */
export interface ObjectColumn {
  /** Column name in the CSV and the GeoJSON measurements, as skimage `regionprops_table` names it where it has one. */
  key: string;
  /** Short header for the table in the page. */
  title: string;
  value: (row: ObjectRow) => number;
}

/** Every column, in CSV order. `label` and `area` (pixels) come first, as the CLI's objects CSV promises. */
export const OBJECT_COLUMNS: readonly ObjectColumn[] = [
  { key: 'label', title: 'Label', value: (r) => r.label },
  { key: 'area', title: 'Area (px)', value: (r) => r.area },
  { key: 'area_um2', title: 'Area (µm²)', value: (r) => r.areaUm2 },
  { key: 'perimeter', title: 'Perimeter', value: (r) => r.perimeter },
  { key: 'centroid-0', title: 'Centroid row', value: (r) => r.centroidRow },
  { key: 'centroid-1', title: 'Centroid col', value: (r) => r.centroidCol },
  { key: 'bbox-0', title: 'Min row', value: (r) => r.bbox[0] },
  { key: 'bbox-1', title: 'Min col', value: (r) => r.bbox[1] },
  { key: 'bbox-2', title: 'Max row', value: (r) => r.bbox[2] },
  { key: 'bbox-3', title: 'Max col', value: (r) => r.bbox[3] },
  { key: 'equivalent_diameter_area', title: 'Eq. diameter', value: (r) => r.equivalentDiameter },
  { key: 'eccentricity', title: 'Eccentricity', value: (r) => r.eccentricity },
  { key: 'solidity', title: 'Solidity', value: (r) => r.solidity },
  { key: 'circularity', title: 'Circularity', value: (r) => r.circularity },
  { key: 'intensity_mean', title: 'Mean int.', value: (r) => r.intensityMean },
  { key: 'intensity_min', title: 'Min int.', value: (r) => r.intensityMin },
  { key: 'intensity_max', title: 'Max int.', value: (r) => r.intensityMax },
  { key: 'touches_border', title: 'Border', value: (r) => (r.touchesBorder ? 1 : 0) },
];

/** Look up a column by its key. */
export function objectColumn(key: string): ObjectColumn | undefined {
  return OBJECT_COLUMNS.find((c) => c.key === key);
}
