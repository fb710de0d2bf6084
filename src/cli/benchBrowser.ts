/**
 * The browser side of `npm run bench`, built from nothing new: Vite's dev server started in-process with the
 * project's own vite.config.ts (so the COOP/COEP headers that threaded WASM needs apply) and the system
 * Chromium driven by playwright-core with the flags of playwright.config.ts. The bench page (bench.html →
 * src/bench/page.ts) gets its input images from memory through page.route, never from files in the repo.
 */
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import type { SegBench } from '../bench/protocol';

export interface BenchBrowser {
  page: Page;
  browser: Browser;
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
  let server: BrowserServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await vite?.close();
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
    server = await chromium.launchServer({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage();
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
    const b = browser;
    return {
      page, browser: b,
      pid: server.process().pid,
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
