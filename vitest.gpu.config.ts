/**
 * Kernel parity tests (src/**\/*.gpu.test.ts) in a real Chromium with WebGPU: Vitest browser mode with the
 * Playwright provider (STYLE §2.17). `npm run test:gpu`.
 * - Browser: $CHROMIUM_PATH, else /usr/bin/chromium when present, else Playwright's own Chromium.
 * - Headless Linux without a GPU gets Chromium's SwiftShader adapter with the flags below; if
 *   requestAdapter() still returns null, GPU_TEST_SWIFTSHADER=1 adds the Vulkan/SwiftShader switches.
 *   With no adapter at all the suites skip and say why.
 * Standalone on purpose (not merged with vite.config.ts): no React plugin or COOP/COEP headers are needed.
 */
import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const executablePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const swiftshader = process.env.GPU_TEST_SWIFTSHADER === '1'
  ? ['--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']
  : [];

export default defineConfig({
  // segmentTiledGpu.gpu.test.ts runs the real model through worker/session.ts, finetuneBench.gpu.test.ts trains in
  // a worker with tfjs: pre-bundle them, or Vite reloads the page mid-test when it discovers them.
  optimizeDeps: {
    include: ['onnxruntime-web/webgpu', '@tensorflow/tfjs-core', '@tensorflow/tfjs-core/dist/register_all_gradients', '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu', 'onnx-proto', 'comlink'],
  },
  test: {
    include: ['src/**/*.gpu.test.ts'],
    // SwiftShader emulates the GPU on the CPU: generous timeouts, one file at a time.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath,
          args: [
            '--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--disable-quic', '--no-first-run', ...swiftshader,
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
