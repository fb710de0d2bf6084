/**
 * Streamed runs of a large image in Chromium (issue #12, run half: worker/largeRun.ts), WASM, fixture-tiny-unet:
 * a 16-bit tiled, compressed TIFF written by tifffile in the test is segmented region by region into the
 * OPFS-spilled uint8 store; with crop blending and a halo (24) above the model's receptive radius (22), an
 * interior region equals the same region segmented alone by the whole-image path to 1e-4 (before the store's
 * 8-bit rounding); the Fit overlay comes from an overview level; a cancelled second run keeps the first; the
 * labels export as a tiled BigTIFF into an OPFS file handle is read back by tifffile. Shorter tests: the OME-Zarr
 * export (folder handle and ZIP Blob, read by zarr-python) and a streamed run on the WebGPU EP equal to WASM's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_MODEL, expect, test } from './fixtures';
import './studioHooks';
import { writeCropTiff, writeLargeTiff } from './largeTiff';
import { levelFactors } from '../src/io/levels';

const W = Number(process.env.LARGE_E2E_WIDTH ?? 12000), H = Number(process.env.LARGE_E2E_HEIGHT ?? 9000);
const HALO = 24;

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

/** The store's large image and run ids. */
const ids = (page: Page) => page.evaluate(() => {
  const st = window.__studioTest!.studio.getState();
  return { runId: st.largeRun?.runId ?? '', run: st.largeRunView };
});

test('a large tiled TIFF streams through the tile engine: interior equals the region alone, cancel keeps the run, labels export', async ({ studioPage: s }) => {
  test.setTimeout(1_200_000); // ~100 MP of fixture-model tiles on WASM (minutes on a busy 2-core machine)
  const page = s.page;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-large-'));
  try {
    const big = join(dir, 'large.tif');
    writeLargeTiff(big, W, H);
    // Open through the page: past the old 100 MP limit, as a large image drawn by level of detail.
    await page.getByLabel('Open image').setInputFiles(big);
    await expect(s.imageCanvas('large.tif')).toBeVisible({ timeout: 120_000 });
    await expect(s.info('size')).toHaveText(`${W} × ${H}`);

    // Segment from the Run panel with crop blending and halo 24 (Advanced), WASM.
    await s.choose(FIXTURE_MODEL, 'WASM');
    await page.getByText('Advanced', { exact: true }).click();
    await page.getByLabel('Halo', { exact: true }).fill(String(HALO));
    await page.getByRole('combobox', { name: /^Blend/ }).selectOption('crop');
    await s.segment();
    await expect(s.status()).toContainText(/Segmenting… [1-9]\d* \/ \d+ tiles, about \d+ (s|min) left/, { timeout: 120_000 });
    await expect(s.status()).toContainText('Done', { timeout: 1_100_000 });
    const { runId, run } = await ids(page);
    expect(run).toMatchObject({ runId, width: W, height: H, halo: HALO, blend: 'crop', spill: 'opfs' });
    expect(run!.tileNote).toMatch(new RegExp(`^tile ${run!.tile} `));
    await expect(s.info('tile-choice')).toHaveText(run!.tileNote);
    await expect(s.info('objects')).toHaveText(/^\d+$/);
    const objects05 = Number(await s.info('objects').textContent());

    // The threshold slider recounts (tile by tile) and moves the viewer's overlay.
    await page.getByLabel('Threshold').fill('0.8');
    await expect(s.info('objects')).not.toHaveText(String(objects05));
    await page.getByLabel('Threshold').fill('0.5');
    await expect(s.info('objects')).toHaveText(String(objects05));

    // The region alone: a crop whose origin is a multiple of the tile step (so its tiles line up with the
    // large run's), segmented by the whole-image path with the same tile, halo and blend.
    const step = run!.tile - 2 * HALO;
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
    }, [cropId, runId, FIXTURE_MODEL, run!.tile, HALO, region, cx, cy] as const);
    expect(got.tile).toBe(run!.tile);
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
    }, [runId, W, H] as const);
    // the coarsest level with ≥ 1 level pixel per output pixel (÷8 at 12000 px into 1200), as the image's
    expect(fit.level).toBe(levelFactors(W, H).filter((f) => f <= Math.min(W / 1200, H / Math.round((1200 * H) / W))).length);
    expect(fit.drawn).toBeGreaterThan(0);
    expect(fit.counts.objects).toBe(objects05);
    console.log(`large run ${W}×${H}: tile ${run!.tile}, ${run!.tilesRun} tiles in ${Math.round(run!.ms)} ms (${Math.round(run!.ms / (W * H / 1e6))} ms/MP, inference ${Math.round(run!.inferenceMs)} ms), spilled ${Math.round(run!.spilledBytes / 2 ** 20)} MB; interior ${region.width}×${region.height} vs alone: max |Δp| ${maxErr.toExponential(2)}, ${checked} pixels off rounding boundaries all equal; fit overlay ${Math.round(fit.ms)} ms at level ${fit.level}; ${fit.counts.objects} objects`);

    // Cancel a second run from the Run panel after a few tiles: "Cancelled", the first run stays drawn and unchanged.
    const probe = { x: cx, y: cy, width: 256, height: 256 };
    const before = await page.evaluate(async ([id, r]) => Array.from(await window.__studioTest!.client.largeRunProb(id, r)), [runId, probe] as const);
    await s.segment();
    await expect(s.status()).toContainText(/Segmenting… ([2-9]|\d\d+) \/ \d+ tiles/, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(s.status()).toContainText(/cancelled/i, { timeout: 60_000 });
    await expect(s.alert()).toHaveCount(0);
    expect((await ids(page)).runId).toBe(runId);
    const after = await page.evaluate(async ([id, r]) => Array.from(await window.__studioTest!.client.largeRunProb(id, r)), [runId, probe] as const);
    expect(after).toEqual(before);
    await expect(s.info('objects')).toHaveText(String(objects05));

    // Labels as a tiled BigTIFF into a file handle (OPFS here; a picked file in the studio), read by tifffile.
    const b64 = await page.evaluate(async ([id]) => {
      const c = window.__studioTest!.client;
      const fh = await (await navigator.storage.getDirectory()).getFileHandle('labels-e2e.tif', { create: true });
      await c.exportLargeRun(id, 0.5, 'bigtiff', fh);
      const u = new Uint8Array(await (await fh.getFile()).arrayBuffer());
      let bin = '';
      for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
      return btoa(bin);
    }, [runId] as const);
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

/** Walk an OPFS directory in the page: every file as [relative path, base64]. */
async function readOpfsDir(page: Page, name: string): Promise<[string, string][]> {
  return page.evaluate(async (dirName) => {
    const out: [string, string][] = [];
    const b64 = (u: Uint8Array) => {
      let bin = '';
      for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
      return btoa(bin);
    };
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const walk = async (d: Dir, prefix: string) => {
      for await (const [n, h] of d.entries()) {
        if (h.kind === 'directory') await walk(h as Dir, `${prefix}${n}/`);
        else out.push([`${prefix}${n}`, b64(new Uint8Array(await (await (h as FileSystemFileHandle).getFile()).arrayBuffer()))]);
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(dirName) as Dir, '');
    return out;
  }, name);
}

test('OME-Zarr export of a streamed run: into a folder handle, and as a ZIP Blob; zarr-python reads both', async ({ studioPage: s }) => {
  const page = s.page;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-zarr-'));
  try {
    const img = join(dir, 'img.tif');
    writeCropTiff(img, 0, 0, 1200, 900); // any open source streams; this one is small enough for a short test
    const imageId = await openInWorker(page, img, 'img.tif');
    const zipB64 = await page.evaluate(async ([id, model]) => {
      const c = window.__studioTest!.client;
      const run = await c.segmentLarge(id, { modelId: model, backend: 'wasm' }, () => undefined);
      const root = await navigator.storage.getDirectory();
      await root.removeEntry('e2e.ome.zarr', { recursive: true }).catch(() => undefined);
      await c.exportLargeRun(run.runId, 0.5, 'ome-zarr', await root.getDirectoryHandle('e2e.ome.zarr', { create: true }));
      const zip = (await c.exportLargeRun(run.runId, 0.5, 'ome-zarr'))!;
      const u = new Uint8Array(await zip.arrayBuffer());
      let bin = '';
      for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
      return btoa(bin);
    }, [imageId, FIXTURE_MODEL] as const);
    for (const [path, b64] of await readOpfsDir(page, 'e2e.ome.zarr')) {
      mkdirSync(dirname(join(dir, 'out.ome.zarr', path)), { recursive: true });
      writeFileSync(join(dir, 'out.ome.zarr', path), Buffer.from(b64, 'base64'));
    }
    writeFileSync(join(dir, 'out.ome.zarr.zip'), Buffer.from(zipB64, 'base64'));
    const out = execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile, zarr
from skimage.measure import label
src = tifffile.imread(${JSON.stringify(img)})
d = zarr.open_group(${JSON.stringify(join(dir, 'out.ome.zarr'))}, mode='r')
z = zarr.open_group(zarr.storage.ZipStore(${JSON.stringify(join(dir, 'out.ome.zarr.zip'))}, mode='r'), mode='r')
lab = d['labels/segmentation/0'][:]
same = all((d[k][:] == z[k][:]).all() for k in ['0', '1', '2', 'labels/segmentation/0', 'labels/segmentation/2'])
print(int((d['0'][:] == src).all()), int(same), int(lab.max()), int(label(lab > 0, connectivity=2).max()), d['labels/segmentation'].attrs['image-label']['version'], len(d.attrs['multiscales'][0]['datasets']))
`], { encoding: 'utf8' }).trim().split(' ');
    expect(out[0]).toBe('1'); // the image pyramid's level 0 is the file's pixels
    expect(out[1]).toBe('1'); // the folder and the ZIP hold the same arrays
    expect(Number(out[2])).toBeGreaterThan(10);
    expect(out[3]).toBe(out[2]); // labels 1..n are the 8-connected objects
    expect(out.slice(4)).toEqual(['0.4', '3']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a streamed run on the WebGPU EP (CPU tiling) equals the WASM one', async ({ studioPage: s }) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-gpu-'));
  try {
    const img = join(dir, 'small.tif');
    writeCropTiff(img, 96, 48, 200, 150); // 20 tiles of 64²: SwiftShader is ~100× slower than WASM
    const imageId = await openInWorker(s.page, img, 'small.tif');
    const r = await s.page.evaluate(async ([id, model]) => {
      const c = window.__studioTest!.client;
      const rect = { x: 0, y: 0, width: 200, height: 150 };
      const gpu = await c.segmentLarge(id, { modelId: model, backend: 'webgpu' }, () => undefined);
      const pg = await c.largeRunProb(gpu.runId, rect);
      const cpu = await c.segmentLarge(id, { modelId: model, backend: 'wasm' }, () => undefined);
      const pc = await c.largeRunProb(cpu.runId, rect);
      let maxErr = 0;
      for (let i = 0; i < pg.length; i++) maxErr = Math.max(maxErr, Math.abs(pg[i] - pc[i]));
      return { gpu: gpu.backend.backend, cpu: cpu.backend.backend, maxErr, spread: Math.max(...pc) - Math.min(...pc) };
    }, [imageId, FIXTURE_MODEL] as const);
    expect(r).toMatchObject({ gpu: 'webgpu', cpu: 'wasm' });
    expect(r.maxErr).toBeLessThanOrEqual(1 / 255 + 1e-6); // at most one 8-bit step apart (float differences at rounding)
    expect(r.spread).toBeGreaterThan(0.1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
