import { describe, expect, it } from 'vitest';
import { csvCell, formatRow, formatSummary, mergeLines, parseSummary, shardFiles, splitCsvLine, SUMMARY_HEADER } from './segmentCsv';

const row = (name: string, plane: number, objects = 3, metrics?: { iou: number; dice: number; f1: number }) =>
  formatRow({ name, plane, width: 64, height: 32, objects, foregroundFraction: 0.1234567, metrics });

describe('summary.csv', () => {
  it('formats 6 decimals and leaves the metrics empty without a mask', () => {
    expect(row('a', 0).line).toBe('a,0,64,32,3,0.123457,,,');
    expect(row('a', 1, 0, { iou: 0.5, dice: 2 / 3, f1: 1 }).line).toBe('a,1,64,32,0,0.123457,0.500000,0.666667,1.000000');
  });

  it('quotes names that need it and reads them back', () => {
    expect(csvCell('x,"y"')).toBe('"x,""y"""');
    const l = row('x,"y"', 2);
    expect(splitCsvLine(l.line)[0]).toBe('x,"y"');
    expect(parseSummary(formatSummary([l]), 's')).toEqual([l]);
  });

  it('sorts by name in code units (not locale), then plane numerically', () => {
    const lines = [row('b', 10), row('B', 0), row('b', 2), row('a', 0)];
    const text = formatSummary(lines);
    expect(text.split('\n')).toEqual([SUMMARY_HEADER, 'B,0,64,32,3,0.123457,,,', 'a,0,64,32,3,0.123457,,,', 'b,2,64,32,3,0.123457,,,', 'b,10,64,32,3,0.123457,,,', '']);
  });

  it('refuses a file that is not a summary', () => {
    expect(() => parseSummary('a,b\n1,2\n', 'x.csv')).toThrow(/x.csv: not a segment summary/);
    expect(() => parseSummary(`${SUMMARY_HEADER}\na,0,1\n`, 'y.csv')).toThrow(/y.csv: line 2/);
  });

  it('merging shard parts gives the single run\'s bytes', () => {
    const all = ['20', '21', '22', '23', '24'].flatMap((n) => [row(n, 0), row(n, 1)]);
    const single = formatSummary(all);
    const shard1 = parseSummary(formatSummary(all.filter((_, k) => k % 4 < 2)), 's1');
    const shard2 = parseSummary(formatSummary(all.filter((_, k) => k % 4 >= 2)), 's2');
    expect(formatSummary(mergeLines([{ source: 's2', lines: shard2 }, { source: 's1', lines: shard1 }]))).toBe(single);
  });

  it('keeps one copy of a row given twice, refuses two different rows for one plane', () => {
    const a = row('20', 0);
    expect(mergeLines([{ source: 'x', lines: [a] }, { source: 'y', lines: [a] }])).toEqual([a]);
    expect(() => mergeLines([{ source: 'x', lines: [a] }, { source: 'y', lines: [row('20', 0, 9)] }])).toThrow(/"20" plane 0 differs between x and y/);
  });

  it('finds shard summaries and names the missing ones', () => {
    expect(shardFiles(['summary.shard-2-of-2.csv', 'a.row.csv', 'summary.shard-1-of-2.csv', 'summary.csv'])).toEqual({
      files: ['summary.shard-1-of-2.csv', 'summary.shard-2-of-2.csv'], missing: [],
    });
    expect(shardFiles(['summary.shard-1-of-3.csv']).missing).toEqual(['summary.shard-2-of-3.csv', 'summary.shard-3-of-3.csv']);
  });
});
