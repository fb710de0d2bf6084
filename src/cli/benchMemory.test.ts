import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PeakSampler, treeRss } from './benchMemory';

describe.skipIf(!existsSync('/proc/self/status'))('treeRss (Linux /proc)', () => {
  it('counts a child process: the tree of this process weighs more than the process alone would', async () => {
    const alone = treeRss(process.pid)!;
    expect(alone).toBeGreaterThan(10 * 1024 * 1024); // a Node process is tens of MB
    // A child holding 64 MB of touched memory.
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(64 * 1024 * 1024, 1); process.stdout.write("ok"); setTimeout(() => b, 60000)']);
    try {
      await new Promise<void>((res, rej) => { child.stdout.once('data', () => res()); child.once('error', rej); });
      const withChild = treeRss(process.pid)!;
      expect(withChild - alone).toBeGreaterThan(64 * 1024 * 1024);
      expect(treeRss(child.pid!)!).toBeGreaterThan(64 * 1024 * 1024);
    } finally {
      child.kill();
    }
  });

  it('PeakSampler keeps the peak', () => {
    const s = new PeakSampler(process.pid, 1000);
    const p = s.stop();
    expect(p.browserRssMb).toBeGreaterThan(10);
    expect(p.nodeRssMb).toBeGreaterThan(10);
    expect(p.nodeHeapMb).toBeGreaterThan(0);
  });
});
