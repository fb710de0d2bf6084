import { describe, expect, it } from 'vitest';
import { parseSegmentArgs, parseShard, shardOf, summaryFileName, UsageError } from './segmentArgs';

const parse = (...a: string[]) => parseSegmentArgs(a, { modelsDir: 'public/models' });

describe('segment arguments', () => {
  it('reads every option, in --key value and --key=value form', () => {
    const a = parse('--model', 'em-unet', '--out=o', '--channel', '1', '--planes', '3', '--masks', 'm', '--threshold=0.4',
      '--shard', '2/3', '--resume', '--jobs', '2', '--threads', '1', '--batch', '4', '--quiet', 'a.tif', 'dir');
    expect(a).toMatchObject({
      mode: 'segment', model: 'em-unet', out: 'o', channel: 1, planes: 3, masks: 'm', threshold: 0.4, shard: { index: 2, count: 3 },
      resume: true, jobs: 2, threads: 1, batch: 4, quiet: true, inputs: ['a.tif', 'dir'], modelsDir: 'public/models',
    });
  });

  it('defaults: all planes, the card threshold, 1 job, batch 16', () => {
    const a = parse('--model', 'x', '--out', 'o', 'f.png');
    expect(a).toMatchObject({ planes: 'all', jobs: 1, batch: 16, resume: false, quiet: false });
    expect([a.threshold, a.channel, a.shard, a.threads]).toEqual([undefined, undefined, undefined, undefined]);
    expect(parse('--model', 'x', '--out', 'o', '--planes', 'all', 'f.png').planes).toBe('all');
  });

  it('takes everything after -- as an input, even names that start with --', () => {
    expect(parse('--model', 'x', '--out', 'o', '--', '--odd.png').inputs).toEqual(['--odd.png']);
  });

  it.each([
    [['--out', 'o', 'f.png'], /--model/],
    [['--model', 'x', 'f.png'], /--out/],
    [['--model', 'x', '--out', 'o'], /no input/],
    [['--model', 'x', '--out', 'o', '--bogus', '1', 'f'], /unknown option --bogus/],
    [['--model', 'x', '--out', 'o', '--channel', '-1', 'f'], /--channel must be an integer ≥ 0/],
    [['--model', 'x', '--out', 'o', '--planes', 'some', 'f'], /--planes/],
    [['--model', 'x', '--out', 'o', '--threshold', '1.5', 'f'], /--threshold must lie in \[0, 1\]/],
    [['--model', 'x', '--out', 'o', '--jobs', '0', 'f'], /--jobs must be an integer ≥ 1/],
    [['--model', 'x', '--out', 'o', '--threads', '1.5', 'f'], /--threads/],
    [['--model', 'x', '--out', 'o', '--shard', '0/2', 'f'], /I counts from 1/],
    [['--model', 'x', '--out', 'o', '--shard', '3/2', 'f'], /I counts from 1/],
    [['--model', 'x', '--out', 'o', '--shard', '1-2', 'f'], /I\/N/],
    [['--model', 'x', '--out', 'o', '--model', 'y', 'f'], /given twice/],
    [['--model', 'x', '--out'], /--out needs a value/],
    [['--model', 'x', '--resume=yes', '--out', 'o', 'f'], /takes no value/],
    [['--merge', '--out', 'o'], /needs shard directories/],
    [['--merge', '--out', 'o', '--model', 'x', 'd'], /--merge takes only/],
  ])('refuses %j', (argv, msg) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(msg);
  });

  it('merge mode needs only --out and the parts', () => {
    expect(parse('--merge', '--out', 'o', 'a', 'b.csv')).toMatchObject({ mode: 'merge', out: 'o', inputs: ['a', 'b.csv'] });
  });

  it('--help needs nothing else', () => {
    expect(parse('--help').help).toBe(true);
  });
});

describe('sharding', () => {
  const items = Array.from({ length: 11 }, (_, i) => `f${String(i).padStart(2, '0')}`);

  it('gives the k-th input to shard (k mod N) + 1', () => {
    expect(shardOf(items, { index: 1, count: 3 })).toEqual(['f00', 'f03', 'f06', 'f09']);
    expect(shardOf(items, { index: 3, count: 3 })).toEqual(['f02', 'f05', 'f08']);
    expect(shardOf(items)).toEqual(items);
  });

  it.each([1, 2, 3, 4, 7, 11, 15])('N = %i shards cover every input exactly once', (n) => {
    const parts = Array.from({ length: n }, (_, i) => shardOf(items, { index: i + 1, count: n }));
    expect(parts.flat().sort()).toEqual(items);
    const sizes = parts.map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1); // balanced
  });

  it('parses I/N and names the shard summary', () => {
    expect(parseShard(' 4/4 ')).toEqual({ index: 4, count: 4 });
    expect(summaryFileName({ index: 2, count: 4 })).toBe('summary.shard-2-of-4.csv');
    expect(summaryFileName()).toBe('summary.csv');
  });
});
