/**
 * Per-object measurements of a label image, matching skimage.measure.regionprops (skimage 0.19,
 * skimage/measure/_regionprops.py) property by property; the Python tests compare them to 1e-6.
 * Pure: no DOM, React or ORT.
 */
import { StudioError } from '../errors';
import { convexAreas } from './convexArea';
import { labelStats, type LabelImage } from './labelIndex';
import { perimeters } from './perimeter';

/** Pixel size in micrometres (as `io/source.ts` PixelSize). */
export interface MicronPixelSize {
  x: number;
  y: number;
}

/** One object's measurements. NaN where a value is undefined (no intensity image, no pixel size, perimeter 0). */
export interface ObjectRow {
  label: number;
  /** Pixel count. */
  area: number;
  /** area × pixel width × pixel height, µm²; NaN without a pixel size. */
  areaUm2: number;
  /** skimage `perimeter` (4-neighbourhood border weights, Benkrid & Crookes). */
  perimeter: number;
  /** Mean row and column of the object's pixels (skimage `centroid`). */
  centroidRow: number;
  centroidCol: number;
  /** min_row, min_col, max_row, max_col; max exclusive (skimage `bbox`). */
  bbox: [number, number, number, number];
  /** Diameter of the circle with the same area: sqrt(4·area/π). */
  equivalentDiameter: number;
  /** sqrt(1 − λ2/λ1) of the inertia tensor's eigenvalues; 0 when λ1 = 0. */
  eccentricity: number;
  /** area / convex hull area (skimage `convex_hull_image`). */
  solidity: number;
  /** 4π·area / perimeter²; NaN when the perimeter is 0 (objects of one or two pixels). */
  circularity: number;
  intensityMean: number;
  intensityMin: number;
  intensityMax: number;
  /** The object has a pixel in the first/last row or column. */
  touchesBorder: boolean;
}

/**
 * Measure every object (distinct non-zero label) of a label image, in ascending label order.
 *
 * @param raw intensity image of the same size (the chosen channel, original units); omit for NaN intensities
 * @param pixelSize micrometres per pixel; omit for NaN `areaUm2`
 * @throws StudioError('size-mismatch') when labels or raw do not have width × height values
 */
export function measureObjects(img: LabelImage, raw?: Float32Array | null, pixelSize?: MicronPixelSize | null): ObjectRow[] {
  const s = labelStats(img);
  const { labels: lab, width: w, height: h } = img;
  if (raw && raw.length !== w * h) {
    throw new StudioError('size-mismatch', `intensity image has ${raw.length} pixels, expected ${w}×${h} = ${w * h}`);
  }
  const m = s.labels.length;
  const cr = new Float64Array(m), cc = new Float64Array(m);
  for (let k = 0; k < m; k++) { cr[k] = s.sumRow[k] / s.count[k]; cc[k] = s.sumCol[k] / s.count[k]; }
  // Second pass: central second moments about the centroid (not Σr² − n·r̄², which cancels badly) and intensities.
  const mu20 = new Float64Array(m), mu02 = new Float64Array(m), mu11 = new Float64Array(m);
  const iSum = new Float64Array(m), iMin = new Float64Array(m).fill(Infinity), iMax = new Float64Array(m).fill(-Infinity);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const l = lab[i];
      if (l === 0) continue;
      const k = s.indexOf(l);
      const dr = y - cr[k], dc = x - cc[k];
      mu20[k] += dr * dr;
      mu02[k] += dc * dc;
      mu11[k] += dr * dc;
      if (raw) {
        const v = raw[i];
        iSum[k] += v;
        if (v < iMin[k]) iMin[k] = v;
        if (v > iMax[k]) iMax[k] = v;
      }
    }
  }
  const per = perimeters(img, m, s.indexOf);
  const convex = convexAreas(img, m, s.indexOf);
  const rows: ObjectRow[] = [];
  for (let k = 0; k < m; k++) {
    const area = s.count[k];
    const bbox: [number, number, number, number] = [s.minRow[k], s.minCol[k], s.maxRow[k], s.maxCol[k]];
    rows.push({
      label: s.labels[k],
      area,
      areaUm2: pixelSize ? area * pixelSize.x * pixelSize.y : NaN,
      perimeter: per[k],
      centroidRow: cr[k],
      centroidCol: cc[k],
      bbox,
      equivalentDiameter: Math.sqrt((4 * area) / Math.PI),
      eccentricity: eccentricity(mu20[k] / area, mu02[k] / area, mu11[k] / area),
      solidity: area / convex[k],
      circularity: per[k] > 0 ? (4 * Math.PI * area) / (per[k] * per[k]) : NaN,
      intensityMean: raw ? iSum[k] / area : NaN,
      intensityMin: raw ? iMin[k] : NaN,
      intensityMax: raw ? iMax[k] : NaN,
      touchesBorder: bbox[0] === 0 || bbox[1] === 0 || bbox[2] === h || bbox[3] === w,
    });
  }
  return rows;
}

/**
 * skimage's eccentricity from normalised central moments: the inertia tensor is [[μ02, −μ11], [−μ11, μ20]]
 * (skimage/measure/_moments.py `inertia_tensor`), its eigenvalues are clipped at 0 and sorted, and
 * eccentricity = sqrt(1 − λ2/λ1), 0 when λ1 = 0.
 */
function eccentricity(m20: number, m02: number, m11: number): number {
  const mean = (m20 + m02) / 2;
  const d = Math.sqrt(((m20 - m02) / 2) ** 2 + m11 * m11);
  const l1 = Math.max(0, mean + d), l2 = Math.max(0, mean - d);
  if (l1 === 0) return 0;
  return Math.sqrt(1 - l2 / l1);
}
