/**
 * scripts/preflight.mjs, the first step of `npm test`: on this machine it passes; with Chromium missing
 * (CHROMIUM_PATH pointing nowhere) it stops at once with exit 1, naming what is missing and one command.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['scripts/preflight.mjs'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });

describe('preflight', () => {
  it('stops in seconds with one fixing command when Chromium is missing', () => {
    const t0 = Date.now();
    const r = run({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toContain('missing Chromium at /nonexistent/chromium (CHROMIUM_PATH)');
    expect(lines.filter((l) => l.startsWith('Fix: '))).toHaveLength(1);
    expect(lines[1]).toMatch(/^Fix: sudo apt-get install -y (\S+ )*chromium\b/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('PREFLIGHT=0 skips the checks', () => {
    expect(run({ PREFLIGHT: '0', CHROMIUM_PATH: '/nonexistent/chromium' }).status).toBe(0);
  });
});
