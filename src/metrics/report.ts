import type { MetricsView } from './evaluate';

/** One CSV column: its header and how to read it from a MetricsView. */
const COLUMNS: [string, (m: MetricsView) => string | number][] = [
  ['image', (m) => m.imageName],
  ['ground_truth', (m) => m.truthName],
  ['model', (m) => m.modelId],
  ['width', (m) => m.width],
  ['height', (m) => m.height],
  ['threshold', (m) => m.threshold],
  ['iou', (m) => m.pixel.iou],
  ['dice', (m) => m.pixel.dice],
  ['precision', (m) => m.pixel.precision],
  ['recall', (m) => m.pixel.recall],
  ['tp', (m) => m.pixel.tp],
  ['fp', (m) => m.pixel.fp],
  ['fn', (m) => m.pixel.fn],
  ['tn', (m) => m.pixel.tn],
  ['object_iou_threshold', (m) => m.objects.iouThreshold],
  ['objects_predicted', (m) => m.objects.nPred],
  ['objects_ground_truth', (m) => m.objects.nGt],
  ['object_tp', (m) => m.objects.tp],
  ['object_fp', (m) => m.objects.fp],
  ['object_fn', (m) => m.objects.fn],
  ['object_precision', (m) => m.objects.precision],
  ['object_recall', (m) => m.objects.recall],
  ['object_f1', (m) => m.objects.f1],
  ['mean_matched_iou', (m) => m.objects.meanMatchedIoU],
  ['seg', (m) => m.objects.seg],
  ['seg_objects', (m) => m.objects.truthObjects],
  ['best_threshold', (m) => m.sweep.best.threshold],
  ['best_iou', (m) => m.sweep.best.iou],
  ['best_dice', (m) => m.sweep.best.dice],
];

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Numbers at full precision. */
function field(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV header line (no line break), so rows from several images can be appended under one header. */
export const metricsCsvHeader = (): string => COLUMNS.map(([h]) => h).join(',');

/** One CSV data line (no line break) for a MetricsView, columns as `metricsCsvHeader()`. */
export const metricsCsvRow = (m: MetricsView): string => COLUMNS.map(([, get]) => field(get(m))).join(',');

/**
 * Metrics as CSV: a header and one row per view (wide, one image per row, so exports of several images
 * concatenate into one table). CRLF line ends (RFC 4180); the threshold sweep is in the JSON only.
 */
export function metricsCsv(views: MetricsView | MetricsView[]): string {
  const rows = Array.isArray(views) ? views : [views];
  return [metricsCsvHeader(), ...rows.map(metricsCsvRow)].join('\r\n') + '\r\n';
}

/** JSON-ready object of a MetricsView: typed arrays become plain arrays (thresholds rounded to 2 decimals). */
export function metricsObject(m: MetricsView) {
  return {
    image: m.imageName,
    groundTruth: m.truthName,
    model: m.modelId,
    runId: m.runId,
    size: { width: m.width, height: m.height },
    threshold: m.threshold,
    device: m.device,
    pixel: { ...m.pixel },
    objects: { ...m.objects },
    sweep: {
      // thresholds are float32 ceilings of i/100 (thresholdSweep); print the intended value
      thresholds: Array.from(m.sweep.thresholds, (t) => Math.round(t * 1e6) / 1e6),
      iou: Array.from(m.sweep.iou),
      dice: Array.from(m.sweep.dice),
      best: { ...m.sweep.best, threshold: Math.round(m.sweep.best.threshold * 1e6) / 1e6 },
    },
  };
}

/** Metrics as pretty-printed JSON (2-space indent, trailing newline). */
export function metricsJson(m: MetricsView): string {
  return JSON.stringify(metricsObject(m), null, 2) + '\n';
}
