/**
 * E2E on the built app (`vite build` first; the test script does it) served by `vite preview`, which sends the
 * COOP/COEP headers threaded WASM needs. Chromium is the system one (Playwright's own browsers are not
 * downloaded here): CHROMIUM_PATH overrides /usr/bin/chromium. WebGPU runs on whatever adapter the browser
 * finds; headless Linux without a GPU gets SwiftShader (CPU emulation, ~100× slower than WASM), so the
 * WebGPU spec uses a one-tile image.
 */
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173); // E2E_PORT: run several checkouts side by side
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  ...(process.env.WEBGPU_SWIFTSHADER === '0' ? [] : ['--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']),
];

export default defineConfig({
  testDir: 'e2e',
  workers: 1, // the studio itself uses every core (WASM threads); parallel browsers would only slow each other
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'on-first-retry',
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
