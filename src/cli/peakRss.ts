/** Peak memory of this process, for the CLIs' reports and the memory tests. */
import { readFileSync } from 'node:fs';

/**
 * Peak resident set size of this process in MB: Linux's VmHWM (the kernel's high-water mark, so short
 * spikes between samples count too), or the current RSS where /proc is absent.
 */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux */ }
  return process.memoryUsage().rss / 2 ** 20;
}
