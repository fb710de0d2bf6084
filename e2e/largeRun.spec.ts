/**
 * Streamed runs of a large image in Chromium (issue #12, run half: worker/largeRun.ts), WASM, fixture-tiny-unet:
 * a 16-bit tiled, compressed TIFF written by tifffile in the test is segmented region by region into the
 * OPFS-spilled uint8 store; with crop blending and a halo (24) above the model's receptive radius (22), an
 * interior region equals the same region segmented alone by the whole-image path to 1e-4 (before the store's
 * 8-bit rounding); the Fit overlay comes from an overview level; a cancelled second run keeps the first; the
 * labels export as a tiled BigTIFF into an OPFS file handle is read back by tifffile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_MODEL, expect, test } from './fixtures';
import { writeCropTiff, writeLargeTiff } from './largeTiff';

const W = Number(process.env.LARGE_E2E_WIDTH ?? 12000), H = Number(process.env.LARGE_E2E_HEIGHT ?? 9000);
const HALO = 24;

/** What the page's test hook offers (client.ts `__studioTest.client` = workerClient). */
type Client = typeof import('../src/worker/client').workerClient;
declare global {
  interface Window {
    __studioTest?: { client: Client };
  }
}

/** Open bytes in the worker and return the model plane id (the whole-image path holds the crop as a source). */
async function openInWorker(page: Page, path: string, name: string): Promise<string> {
  const b64 = readFileSync(path).toString('base64');
  return page.evaluate(async ([data, n]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const v = await window.__studioTest!.client.openImage(bytes.buffer, n);
    return v.imageId;
  }, [b64, name] as const);
}

/** A Float32Array from the page as base64 (page.evaluate would send a 2 MP array as JSON numbers). */
const f32 = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);

test('a large tiled TIFF streams through the tile engine: interior equals the region alone, cancel keeps the run, labels export', async ({ studioPage: s }) => {
  test.setTimeout(900_000); // ~100 MP of fixture-model tiles on WASM
  const page = s.page;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-large-'));
  try {
    const big = join(dir, 'large.tif');
    writeLargeTiff(big, W, H);
    const imageId = await openInWorker(page, big, 'large.tif');

    // The streamed run, with progress and ETA.
    const first = await page.evaluate(async ([id, model, halo]) => {
      const seen: { done: number; total: number; eta?: number }[] = [];
      const v = await window.__studioTest!.client.segmentLarge(id, { modelId: model, backend: 'wasm', halo, blend: 'crop' },
        (p) => void (p.stage === 'inference' && seen.push({ done: p.done, total: p.total, eta: p.etaMs })));
      return { v, seen: [seen[0], seen.at(-1), seen.length] as const };
    }, [imageId, FIXTURE_MODEL, HALO] as const);
    const run = first.v;
    expect(run).toMatchObject({ width: W, height: H, halo: HALO, blend: 'crop', spill: 'opfs' });
    expect(run.tileNote).toMatch(new RegExp(`^tile ${run.tile} `));
    expect(first.seen[1]).toMatchObject({ done: run.tilesRun, total: run.tilesRun, eta: 0 });
    expect(first.seen[2]).toBeGreaterThan(1);

    // The region alone: a crop whose origin is a multiple of the tile step (so its tiles line up with the
    // large run's), segmented by the whole-image path with the same tile, halo and blend.
    const step = run.tile - 2 * HALO;
    const cx = step * Math.max(1, Math.floor(W / step / 2)), cy = step * Math.max(1, Math.floor(H / step / 2));
    const cw = Math.min(3 * step, W - cx), ch = Math.min(3 * step, H - cy);
    const crop = join(dir, 'crop.tif');
    writeCropTiff(crop, cx, cy, cw, ch);
    const cropId = await openInWorker(page, crop, 'crop.tif');
    // interior: the crop's second tile row/column, whose input window lies inside the crop (no mirroring)
    const region = { x: step, y: step, width: Math.min(step, cw - step - HALO), height: Math.min(step, ch - step - HALO) };
    const got = await page.evaluate(async ([cid, lrun, model, tile, halo, r, ox, oy]) => {
      const c = window.__studioTest!.client;
      const toB64 = (a: Float32Array) => {
        const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        let bin = '';
        for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
        return btoa(bin);
      };
      const alone = await c.segment(cid, { modelId: model, backend: 'wasm', tile, halo, blend: 'crop' }, () => undefined);
      const tif = await c.exportProbTiff(alone.runId);
      const large = await c.largeRunProb(lrun, { x: ox + r.x, y: oy + r.y, width: r.width, height: r.height });
      let bin = '';
      for (let i = 0; i < tif.length; i += 0x8000) bin += String.fromCharCode(...tif.subarray(i, i + 0x8000));
      return { tile: alone.tile, tif: btoa(bin), large: toB64(large) };
    }, [cropId, run.runId, FIXTURE_MODEL, run.tile, HALO, region, cx, cy] as const);
    expect(got.tile).toBe(run.tile);
    const probTif = join(dir, 'alone.tif');
    writeFileSync(probTif, Buffer.from(got.tif, 'base64'));
    writeFileSync(join(dir, 'alone.f32'), execFileSync('/usr/bin/python3', ['-c',
      `import tifffile, sys; a = tifffile.imread(${JSON.stringify(probTif)}); sys.stdout.buffer.write(a[${region.y}:${region.y + region.height}, ${region.x}:${region.x + region.width}].astype('<f4').tobytes())`]));
    const alone = new Float32Array(new Uint8Array(readFileSync(join(dir, 'alone.f32'))).buffer);
    const large = f32(got.large);
    expect(alone.length).toBe(region.width * region.height);
    let maxErr = 0, mismatched = 0, checked = 0;
    for (let i = 0; i < alone.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(large[i] - alone[i]));
      const x = alone[i] * 255;
      if (Math.abs(x - Math.floor(x) - 0.5) < 1e-4 * 255) continue; // within 1e-4 of a rounding boundary
      checked++;
      if (Math.round(large[i] * 255) !== Math.round(x)) mismatched++;
    }
    // equal to 1e-4 before the store's rounding: every stored value is the rounding of the alone probability
    expect(mismatched).toBe(0);
    expect(checked).toBeGreaterThan(0.9 * alone.length);
    expect(maxErr).toBeLessThanOrEqual(0.5 / 255 + 1e-4);
    expect(new Set(alone.map((p) => Math.round(p * 10))).size).toBeGreaterThan(3); // the region has structure

    // Fit: the whole image into 1200 px reads an overview level; counts merge objects across tiles.
    const fit = await page.evaluate(async ([id, w, h]) => {
      const c = window.__studioTest!.client;
      const out = { rect: { x: 0, y: 0, width: w, height: h }, outWidth: 1200, outHeight: Math.round((1200 * h) / w) };
      const t0 = performance.now();
      const b = await c.renderRunOverlay(id, out, 0.5);
      const ms = performance.now() - t0;
      let drawn = 0;
      for (let i = 3; i < b.rgba.length; i += 4) if (b.rgba[i]) drawn++;
      return { level: b.level, ms, drawn, counts: await c.largeRunCounts(id, 0.5) };
    }, [run.runId, W, H] as const);
    // the coarsest level with ≥ 1 level pixel per output pixel (÷16 at 12000 px into 1200)
    expect(fit.level).toBe([4, 16, 64].filter((f) => f <= Math.min(W / 1200, H / Math.round((1200 * H) / W))).length);
    expect(fit.drawn).toBeGreaterThan(0);
    expect(fit.counts.objects).toBeGreaterThan(100);
    console.log(`large run ${W}×${H}: tile ${run.tile}, ${run.tilesRun} tiles in ${Math.round(run.ms)} ms (${Math.round(run.ms / (W * H / 1e6))} ms/MP), spilled ${Math.round(run.spilledBytes / 2 ** 20)} MB; fit overlay ${Math.round(fit.ms)} ms at level ${fit.level}; ${fit.counts.objects} objects`);

    // Cancel a second run of the same image after a few tiles: it rejects 'cancelled', the first run stays.
    const cancelled = await page.evaluate(async ([id, lrun, model, halo, r]) => {
      const c = window.__studioTest!.client;
      const before = await c.largeRunProb(lrun, r);
      let asked = false;
      const err = await c.segmentLarge(id, { modelId: model, backend: 'wasm', halo, blend: 'crop' }, (p) => {
        if (p.stage === 'inference' && p.done >= 2 && !asked) {
          asked = true;
          void c.cancel();
        }
      }).then(() => null, (e: { code?: string }) => e.code ?? String(e));
      const after = await c.largeRunProb(lrun, r);
      return { err, same: before.length === after.length && before.every((v, i) => v === after[i]), counts: await c.largeRunCounts(lrun, 0.5) };
    }, [imageId, run.runId, FIXTURE_MODEL, HALO, { x: cx, y: cy, width: 256, height: 256 }] as const);
    expect(cancelled).toEqual({ err: 'cancelled', same: true, counts: fit.counts });

    // Labels as a tiled BigTIFF into a file handle (OPFS here; a picked file in the studio), read by tifffile.
    const b64 = await page.evaluate(async ([id]) => {
      const c = window.__studioTest!.client;
      const fh = await (await navigator.storage.getDirectory()).getFileHandle('labels-e2e.tif', { create: true });
      await c.exportLargeRun(id, 0.5, 'bigtiff', fh);
      const u = new Uint8Array(await (await fh.getFile()).arrayBuffer());
      let bin = '';
      for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
      return btoa(bin);
    }, [run.runId] as const);
    const labels = join(dir, 'labels.tif');
    writeFileSync(labels, Buffer.from(b64, 'base64'));
    const info = execFileSync('/usr/bin/python3', ['-c', `
import tifffile
with tifffile.TiffFile(${JSON.stringify(labels)}) as f:
    p = f.pages[0]
    a = p.asarray()
    print(int(f.is_bigtiff), int(p.is_tiled), a.shape[1], a.shape[0], int(a.max()), int((a > 0).sum()))
`], { encoding: 'utf8' }).trim().split(' ').map(Number);
    expect(info).toEqual([1, 1, W, H, fit.counts.objects, fit.counts.foregroundPixels]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
