import { describe, expect, it } from 'vitest';
import type { MetricsView } from './evaluate';
import { metricsCsv, metricsCsvHeader, metricsJson, metricsObject } from './report';
import { thresholdSweep } from './thresholdSweep';

const sweep = thresholdSweep(Float32Array.of(0.2, 0.7, 0.9, 0.4), Uint8Array.of(0, 1, 1, 1), 101);
const view: MetricsView = {
  runId: 'run-3', imageName: 'cells, "A".tif', truthName: 'cells_gt.png', modelId: 'em-unet', width: 2, height: 2,
  threshold: 0.5, device: 'cpu',
  pixel: { tp: 2, fp: 0, fn: 1, tn: 1, iou: 2 / 3, dice: 0.8, precision: 1, recall: 2 / 3 },
  objects: { tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, meanMatchedIoU: 2 / 3, nPred: 1, nGt: 1, iouThreshold: 0.5, seg: 2 / 3, truthObjects: 'connected components' },
  sweep: { thresholds: sweep.thresholds, iou: sweep.iou, dice: sweep.dice, best: sweep.best },
};

describe('metricsCsv', () => {
  it('one header and one row, RFC 4180 quoting, full-precision numbers, CRLF', () => {
    const csv = metricsCsv(view);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toBe(metricsCsvHeader());
    const header = lines[0].split(',');
    expect(header.slice(0, 8)).toEqual(['image', 'ground_truth', 'model', 'width', 'height', 'threshold', 'iou', 'dice']);
    expect(lines[1].startsWith('"cells, ""A"".tif",cells_gt.png,em-unet,2,2,0.5,0.6666666666666666,0.8,1,')).toBe(true);
    // Every column has a value: 29 columns, the quoted name counts as one.
    const cells = lines[1].replace(/^"(?:[^"]|"")*"/, 'x').split(',');
    expect(cells).toHaveLength(header.length);
    const at = (k: string) => cells[header.indexOf(k)];
    expect([at('tp'), at('fp'), at('fn'), at('tn')]).toEqual(['2', '0', '1', '1']);
    expect(at('seg_objects')).toBe('connected components');
    expect(Number(at('best_threshold'))).toBeCloseTo(0.21, 6); // the first threshold above the background pixel's 0.2
  });
  it('several views share one header', () => {
    expect(metricsCsv([view, { ...view, imageName: 'b.tif' }]).split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});

describe('metricsJson', () => {
  it('plain arrays for the sweep, thresholds printed as their intended values', () => {
    const o = JSON.parse(metricsJson(view)) as ReturnType<typeof metricsObject>;
    expect(o.image).toBe('cells, "A".tif');
    expect(o.pixel).toEqual(view.pixel);
    expect(o.objects.truthObjects).toBe('connected components');
    expect(o.sweep.thresholds).toHaveLength(101);
    expect(o.sweep.thresholds[70]).toBe(0.7);
    expect(o.sweep.iou[50]).toBeCloseTo(2 / 3, 6);
    expect(o.sweep.best.threshold).toBe(0.21);
    expect(metricsJson(view).endsWith('}\n')).toBe(true);
  });
});
