import { describe, expect, it } from 'vitest';
import { throttleReports } from './throttle';

/** Timers that fire only when the test says so. */
function manualTimers() {
  const queue: (() => void)[] = [];
  return { setTimeout: (f: () => void) => queue.push(f), fire: () => queue.shift()?.(), pending: () => queue.length };
}

describe('throttleReports', () => {
  it('sends the first report at once and folds the rest of the window into one summary', () => {
    const t = manualTimers();
    const sent: [string, number][] = [];
    const report = throttleReports(5000, (m, n) => sent.push([m, n]), t);
    report('a');
    report('b');
    report('c');
    expect(sent).toEqual([['a', 1]]);
    t.fire();
    expect(sent).toEqual([['a', 1], ['c', 2]]);
    // The summary opened a new window: a report now is folded again, not sent at once.
    report('d');
    expect(sent).toHaveLength(2);
    t.fire();
    expect(sent).toEqual([['a', 1], ['c', 2], ['d', 1]]);
  });

  it('after a quiet window the next report goes out at once', () => {
    const t = manualTimers();
    const sent: [string, number][] = [];
    const report = throttleReports(5000, (m, n) => sent.push([m, n]), t);
    report('a');
    t.fire();
    expect(t.pending()).toBe(0);
    report('b');
    expect(sent).toEqual([['a', 1], ['b', 1]]);
  });
});
