/**
 * Peak memory during a bench phase, sampled: the summed RSS of a process and all its descendants (Chromium
 * runs the page, the segment worker and the GPU process as separate processes) read from Linux's /proc, and
 * this Node process's own RSS and JS heap. Summed RSS counts shared pages once per process, so it is an upper
 * bound. Elsewhere than Linux the browser figure is null.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const MB = 1024 * 1024;

/** pid → parent pid of every process visible in /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(d), ppid);
    } catch {
      // the process ended between readdir and read
    }
  }
  return out;
}

/** RSS in bytes of `root` and its descendants; null when /proc is not there (not Linux). */
export function treeRss(root: number): number | null {
  if (!existsSync('/proc/self/status')) return null;
  const pp = parents();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of pp) if (ppid === tree[i]) tree.push(pid);
  let bytes = 0;
  for (const pid of tree) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) bytes += Number(m[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return bytes;
}

/** Samples every `ms` until stopped; `peaks()` in MB (rounded). */
export class PeakSampler {
  private browser = 0;
  private rss = 0;
  private heap = 0;
  private timer: ReturnType<typeof setInterval>;
  constructor(private readonly browserPid: number | undefined, ms = 250) {
    this.sample();
    this.timer = setInterval(() => this.sample(), ms);
  }
  private sample(): void {
    if (this.browserPid !== undefined) this.browser = Math.max(this.browser, treeRss(this.browserPid) ?? 0);
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }
  stop(): { browserRssMb: number | null; nodeRssMb: number; nodeHeapMb: number } {
    clearInterval(this.timer);
    this.sample();
    return {
      browserRssMb: this.browserPid !== undefined && this.browser > 0 ? Math.round(this.browser / MB) : null,
      nodeRssMb: Math.round(this.rss / MB),
      nodeHeapMb: Math.round(this.heap / MB),
    };
  }
}
