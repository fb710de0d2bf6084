/// <reference types="vitest/config" />
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/** Cross-origin isolation: onnxruntime-web's threaded WASM needs SharedArrayBuffer. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Content-Security-Policy of the built app. Scripts and workers come only from the app's origin;
 * 'wasm-unsafe-eval' lets onnxruntime-web compile its WebAssembly (no 'unsafe-eval': no eval/new Function);
 * no inline script (Vite's build emits none). connect-src 'self': the app only fetches its own files (models,
 * ORT's wasm). style-src 'self' without 'unsafe-inline': React sets `style` props through the CSSOM, which CSP
 * does not govern, and the build's CSS is one stylesheet. img-src data:/blob: for canvases turned into images.
 * e2e/csp.spec.ts runs a full session under it and fails on any violation.
 */
const cspDirectives: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self'"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['style-src', "'self'"],
  ['font-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];
const policy = (skip: string[] = []) => cspDirectives.filter(([d]) => !skip.includes(d)).map(([d, v]) => `${d} ${v}`).join('; ');

/** The header `npm start` (vite preview) sends on every response, the service worker's cached ones included. */
export const contentSecurityPolicy = policy();

/**
 * The `<meta http-equiv>` copy for static hosting without headers. Browsers ignore frame-ancestors in a meta
 * policy (and Chromium logs an error for it), so it is left out there: only a header can forbid framing.
 */
export const metaContentSecurityPolicy = policy(['frame-ancestors']);

/** Every header of `npm start`: isolation (threaded WASM), CSP, no MIME sniffing, no referrer. */
export const securityHeaders = {
  ...isolationHeaders,
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Adds the meta CSP to the built index.html only: the dev server (`npm run dev`, the bench) injects an inline
 * React-refresh preamble that a policy without inline script would block.
 */
const cspMeta = (): Plugin => ({
  name: 'studio-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy }, injectTo: 'head-prepend' },
  ],
});

/**
 * Precache entries for the models of public/models/models.json. The revision is the card's sha256, so Workbox
 * keys the cached copy by content (`models/x.onnx?__WB_REVISION__=<sha256>`): a card with a new sha256 makes the
 * next service worker fetch the new file and drop the old one. The same hash is the entry's Subresource
 * Integrity, so the precache never holds other bytes than the card names (a mismatch fails the install instead
 * of caching a wrong file under the new revision). A card whose file is missing is left out, with a warning.
 */
function modelPrecacheEntries(): { url: string; revision: string; integrity: string }[] {
  const dir = fileURLToPath(new URL('./public/models/', import.meta.url));
  if (!existsSync(`${dir}models.json`)) return [];
  const { models } = JSON.parse(readFileSync(`${dir}models.json`, 'utf8')) as { models: { file: string; sha256: string }[] };
  const present = models.filter((m) => existsSync(dir + m.file));
  const missing = models.filter((m) => !present.includes(m)).map((m) => m.file);
  if (missing.length) console.warn(`[pwa] not precached (missing under public/models/): ${missing.join(', ')}`);
  return present.map((m) => {
    if (!/^[0-9a-f]{64}$/i.test(m.sha256)) throw new Error(`models.json: ${m.file} has no valid sha256`);
    const sha = m.sha256.toLowerCase();
    return { url: `models/${m.file}`, revision: sha, integrity: `sha256-${Buffer.from(sha, 'hex').toString('base64')}` };
  });
}

/**
 * Offline PWA (vite-plugin-pwa, Workbox generateSW). The precache holds the app shell, every emitted asset
 * (JS chunks with the ?raw-bundled WGSL shaders, the segmentation worker, onnxruntime-web's .mjs + ~27 MB .wasm),
 * models.json, the manifest and icons, and each model of models.json (modelPrecacheEntries).
 * registerType 'prompt': a new service worker waits until the user clicks "Reload" (src/pwa/PwaStatus.tsx).
 * Precached responses keep the COOP/COEP/CORP headers the server sent (Cache Storage stores headers), so the
 * page and its workers stay cross-origin isolated offline, under the same CSP; e2e/offline.spec.ts and
 * e2e/csp.spec.ts check it.
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false, // src/pwa/PwaStatus.tsx registers through virtual:pwa-register/react
  includeManifestIcons: true,
  manifest: {
    id: '/',
    name: 'Segmentation Studio',
    short_name: 'Seg Studio',
    description: 'U-Net segmentation of microscopy images in your browser (WebGPU / WebAssembly). Works offline; nothing is uploaded.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#1d2630',
    background_color: '#10151b',
    categories: ['science', 'productivity', 'utilities'],
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // Everything the build emits (WGSL is bundled into the JS via ?raw; `wgsl` covers a ?url import), plus the
    // manifest and its icons, which the plugin adds.
    globPatterns: ['**/*.{html,js,mjs,wasm,css,json,wgsl}'],
    globIgnores: ['**/*.onnx'], // models come from additionalManifestEntries, versioned by their sha256
    additionalManifestEntries: modelPrecacheEntries(),
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024, // ORT's wasm is ~27 MB
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
    clientsClaim: false,
    skipWaiting: false,
  },
});

export default defineConfig({
  plugins: [react(), pwa, cspMeta()],
  server: { headers: isolationHeaders },
  preview: { headers: securityHeaders },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.gpu.test.ts', 'node_modules/**', 'e2e/**'],
    environment: 'node',
    testTimeout: 60_000,
    // tfjs-core's gradients are ES modules with extension-less imports that Node's resolver refuses; let Vite
    // resolve them (the CLIs do the same with src/cli/tfjsNodeImport.mjs).
    server: { deps: { inline: [/@tensorflow\/tfjs-core/] } },
  },
});
