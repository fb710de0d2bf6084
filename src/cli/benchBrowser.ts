/**
 * The browser side of `npm run bench`, built from nothing new: Vite's dev server started in-process with the
 * project's own vite.config.ts (so the COOP/COEP headers that threaded WASM needs apply) and the system
 * Chromium driven by playwright-core with the flags of playwright.config.ts. The bench page (bench.html →
 * src/bench/page.ts) gets its input images from memory through page.route, never from files in the repo.
 *
 * Chromium runs with a profile on disk (a temp user-data dir, removed at close), as a person's browser does.
 * Why: an off-the-record context (Playwright's default `newPage`) keeps the Origin Private File System in
 * MEMORY, so every byte the large-image pipeline spills to OPFS counted in the measured RSS (the 40000×25000
 * run's 900 MB of spilled probability tiles showed up as +900 MB of browser RSS).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import type { SegBench } from '../bench/protocol';

export interface BenchBrowser {
  page: Page;
  /** Chromium's version, as the browser reports it. */
  version: string;
  /** Chromium's browser process id (for the RSS sampler). */
  pid: number | undefined;
  /** Serve `bytes` as image/png at `/__bench/<name>` for the page's fetch. */
  serve(name: string, bytes: Uint8Array): Promise<string>;
  /** Call `window.segBench[method](...args)` in the page. */
  call<K extends keyof SegBench>(method: K, ...args: Parameters<SegBench[K]>): Promise<Awaited<ReturnType<SegBench[K]>>>;
  close(): Promise<void>;
}

export async function openBenchBrowser(port: number, log: (line: string) => void): Promise<BenchBrowser> {
  let vite: ViteDevServer | undefined;
  let context: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const close = async () => {
    await context?.close().catch(() => undefined);
    await vite?.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    vite = await createServer({
      configFile: 'vite.config.ts',
      clearScreen: false,
      logLevel: 'warn',
      server: { port, strictPort: true, host: 'localhost' },
      // Pre-bundle what the bench page and the worker import before the page loads: a dependency discovered
      // later makes Vite reload the page in the middle of a run.
      optimizeDeps: { entries: ['index.html', 'bench.html', 'src/worker/segment.worker.ts', 'src/bench/finetuneBench.worker.ts'] },
    });
    await vite.listen();
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.exposeFunction('segBenchLog', (line: string) => log(`  [page] ${line}`));
    const inputs = new Map<string, Uint8Array>();
    await page.route('**/__bench/*', (route) => {
      const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
      const bytes = inputs.get(name);
      return bytes
        ? route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } })
        : route.fulfill({ status: 404, body: `no bench input ${name}` });
    });
    const url = `http://localhost:${port}/bench.html`;
    await page.goto(url);
    try {
      await page.waitForFunction(() => !!window.segBench, undefined, { timeout: 120_000 });
    } catch (e) {
      throw new Error(`the bench page at ${url} did not start (${problems.join(' | ') || 'no page errors'}): ${e instanceof Error ? e.message : e}`);
    }
    return {
      page,
      version: context.browser()?.version() ?? (await page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown')),
      pid: browserPid(profile),
      serve: async (name, bytes) => {
        inputs.set(name, bytes);
        return `/__bench/${encodeURIComponent(name)}`;
      },
      call: async (method, ...args) => {
        try {
          return await page.evaluate(([m, a]) => (window.segBench![m] as (...x: unknown[]) => Promise<never>)(...a), [method, args] as const);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          throw new Error(`${method}: ${msg}${problems.length ? ` (page errors: ${problems.join(' | ')})` : ''}`);
        }
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The pid of the Chromium browser process started with this user-data dir (playwright does not expose it). */
function browserPid(profile: string): number | undefined {
  if (!existsSync('/proc/self/cmdline')) return undefined; // not Linux: the RSS figures are null there anyway
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv.includes(`--user-data-dir=${profile}`) && !argv.some((a) => a.startsWith('--type='))) return Number(d);
    } catch {
      // ended meanwhile
    }
  }
  return undefined;
}
