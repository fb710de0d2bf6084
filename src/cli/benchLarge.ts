/**
 * `npm run bench -- --large 16384` (or `--large 40000x25000`): the large-image benchmark of issue #12.
 * Writes a 16-bit tiled (512², deflate) BigTIFF with tifffile, tile by tile (so the writer never holds the
 * image either), and segments it with fixture-tiny-unet through the streamed pipeline in a child process
 * (segmentLargeMain.ts: region reads, sampled normalisation, TileStores spilled to temp files, labels as a
 * tiled BigTIFF), then the same on a 2048² image for the ms/MP reference. The child's VmHWM is the peak RSS.
 *
 * Two routes (`large_runtime` says which): `--route browser` (default) opens the BigTIFF in Chromium as a
 * disk-backed File (setInputFiles: the page never holds its bytes), times the open and a Fit draw (view half,
 * worker/largeView.ts), streams it through the worker's segmentLarge on WASM (run half, worker/largeRun.ts:
 * uint8 tiles spilled to OPFS) and samples the summed RSS of Chromium's processes; `--route node` runs the
 * Node CLI (onnxruntime-node, segmentLargeMain.ts) and reports its VmHWM.
 *
 * Flags: --large N|WxH, --json FILE, --model ID (fixture-tiny-unet), --budget-mb N (256, node route), --ref N
 * (2048), --threads N (node route), --backend wasm|webgpu|auto (browser route, wasm), --port N (5273),
 * --dir DIR (keep the files there; default a temp dir, removed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LargeBrowserRun } from '../bench/protocol';
import type { BackendChoice } from '../worker/api';
import { openBenchBrowser } from './benchBrowser';
import { PeakSampler } from './benchMemory';

const log = (s: string) => process.stderr.write(`${s}\n`);

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** "16384" → 16384×16384; "40000x25000" → 40000×25000. */
export function parseLargeSize(s: string): { width: number; height: number } {
  const m = /^(\d+)(?:x(\d+))?$/i.exec(s.trim());
  if (!m) throw new Error(`--large takes N or WxH (e.g. 16384 or 40000x25000), got "${s}"`);
  const width = Number(m[1]), height = Number(m[2] ?? m[1]);
  if (width < 64 || height < 64) throw new Error(`--large: at least 64×64, got ${width}×${height}`);
  return { width, height };
}

/** A 16-bit tiled BigTIFF of textured background and bright discs, generated one 512² tile at a time. */
function writeTiff(path: string, width: number, height: number): void {
  execFileSync('/usr/bin/python3', ['-c', `
import numpy as np, tifffile
W, H, T = ${width}, ${height}, 512
def tiles():
    for ty in range(0, H, T):
        for tx in range(0, W, T):
            y, x = np.mgrid[ty:ty + T, tx:tx + T]
            rng = np.random.default_rng(ty * 100003 + tx)
            v = 800 + 300 * np.sin(x / 37.0) * np.cos(y / 41.0) + rng.integers(0, 200, (T, T))
            v += 20000 * ((((x % 97) - 48) ** 2 + ((y % 89) - 44) ** 2) < 400)  # discs on a 97×89 lattice
            yield v.astype(np.uint16)
tifffile.imwrite('${path}', data=tiles(), shape=(H, W), dtype=np.uint16, tile=(T, T), compression='zlib', bigtiff=True)
`], { stdio: 'inherit' });
}

interface Child {
  size: string; open_ms: number; total_ms: number; pipeline_ms_per_mp: number; peak_rss_mb: number; tile: number;
  tile_note: string; objects: number; spilled_mb: number; ms: Record<string, number>;
}

function segmentChild(img: string, out: string, model: string, budget: string, threads?: string): Child {
  const args = ['tsx', 'src/cli/segmentLargeMain.ts', img, out, '--model', model, '--budget-mb', budget, ...(threads ? ['--threads', threads] : [])];
  const r = spawnSync('npx', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`segmenting ${img} failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Child;
}

/** The browser route: open, Fit, stream each file in the page's worker; Chromium's summed RSS sampled meanwhile. */
async function browserRuns(files: string[], model: string, backend: BackendChoice, port: number): Promise<(LargeBrowserRun & { peakRssMb: number | null })[]> {
  const bb = await openBenchBrowser(port, log);
  try {
    const out = [];
    for (const f of files) {
      await bb.page.setInputFiles('#large-file', f);
      const sampler = new PeakSampler(bb.pid);
      let r: LargeBrowserRun;
      try {
        r = await bb.call('large', { modelId: model, backend }, 0.5, 1440);
      } catch (e) {
        sampler.stop();
        throw e;
      }
      out.push({ ...r, peakRssMb: sampler.stop().browserRssMb });
    }
    return out;
  } finally {
    await bb.close();
  }
}

/** Run the large bench; resolves to the exit code. */
export async function runLargeBench(argv: string[]): Promise<number> {
  const { width, height } = parseLargeSize(flag(argv, 'large') ?? '16384');
  const model = flag(argv, 'model') ?? 'fixture-tiny-unet';
  const budget = flag(argv, 'budget-mb') ?? '256';
  const ref = Number(flag(argv, 'ref') ?? 2048);
  const keep = flag(argv, 'dir');
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'bench-large-'));
  try {
    const big = join(dir, `large-${width}x${height}.tif`), small = join(dir, `ref-${ref}.tif`);
    let t0 = performance.now();
    log(`bench --large: writing ${width}×${height} 16-bit tiled BigTIFF …`);
    writeTiff(big, width, height);
    const writeMs = performance.now() - t0;
    writeTiff(small, ref, ref);
    if ((flag(argv, 'route') ?? 'browser') === 'browser') {
      log(`bench --large: Chromium, ${ref}² (reference) then ${width}×${height} …`);
      t0 = performance.now();
      const [r0, r1] = await browserRuns([small, big], model, (flag(argv, 'backend') ?? 'wasm') as BackendChoice, Number(flag(argv, 'port') ?? process.env.BENCH_PORT ?? 5273));
      const perMp = (r: LargeBrowserRun) => Math.round(r.run.ms / ((r.width * r.height) / 1e6));
      const report = {
        large_runtime: `chromium (${r1.run.backend.adapter}; streamed: worker/largeRun.ts, ${r1.run.spill} spill)`,
        large_model: model,
        large_size: `${width}x${height}`,
        large_file_mb: Math.round(statSync(big).size / 2 ** 20),
        large_write_tiff_ms: Math.round(writeMs),
        large_opened_as: r1.kind,
        large_open_ms: Math.round(r1.openMs),
        large_first_preview_ms: r1.firstPreviewMs === null ? null : Math.round(r1.firstPreviewMs),
        large_first_fit_ms: r1.firstFitMs === null ? null : Math.round(r1.firstFitMs),
        large_fit_draw_ms: r1.fitDrawMs === null ? null : Math.round(r1.fitDrawMs),
        large_fit_overlay_ms: Math.round(r1.fitOverlayMs),
        large_tile: r1.run.tileNote,
        large_pipeline_ms_per_mp: perMp(r1),
        large_inference_ms: Math.round(r1.run.inferenceMs),
        large_run_ms: Math.round(r1.run.ms),
        large_counts_ms: Math.round(r1.countsMs),
        large_total_ms: Math.round(performance.now() - t0),
        large_peak_rss_mb: r1.peakRssMb,
        large_spilled_mb: Math.round(r1.run.spilledBytes / 2 ** 20),
        large_objects: r1.counts.objects,
        ref_size: `${ref}x${ref}`,
        ref_pipeline_ms_per_mp: perMp(r0),
        ref_peak_rss_mb: r0.peakRssMb,
        large_vs_ref_ms_per_mp: Math.round((perMp(r1) / perMp(r0)) * 100) / 100,
        targets: { large_peak_rss_mb: '≤ 2048 at 16384²', large_pipeline_ms_per_mp: 'no worse than at 2048²', large_fit_draw_ms: 'well under 1000' },
      };
      const json = JSON.stringify(report, null, 2);
      process.stdout.write(`${json}\n`);
      const out = flag(argv, 'json');
      if (out) writeFileSync(out, `${json}\n`);
      return 0;
    }
    log(`bench --large: segmenting ${ref}² (reference) …`);
    const r0 = segmentChild(small, join(dir, 'ref.labels.tif'), model, budget, flag(argv, 'threads'));
    log(`bench --large: segmenting ${width}×${height} …`);
    t0 = performance.now();
    const r1 = segmentChild(big, join(dir, 'large.labels.tif'), model, budget, flag(argv, 'threads'));
    const report = {
      large_runtime: 'node-cli (onnxruntime-node, streamed: npm run segment route)',
      large_model: model,
      large_size: `${width}x${height}`,
      large_file_mb: Math.round(statSync(big).size / 2 ** 20),
      large_write_tiff_ms: Math.round(writeMs),
      large_open_ms: r1.open_ms,
      large_fit_draw_ms: null,
      large_tile: r1.tile_note,
      large_pipeline_ms_per_mp: r1.pipeline_ms_per_mp,
      large_stage_ms: r1.ms,
      large_total_ms: Math.round(performance.now() - t0),
      large_peak_rss_mb: r1.peak_rss_mb,
      large_spilled_mb: r1.spilled_mb,
      large_objects: r1.objects,
      ref_size: `${ref}x${ref}`,
      ref_pipeline_ms_per_mp: r0.pipeline_ms_per_mp,
      ref_peak_rss_mb: r0.peak_rss_mb,
      large_vs_ref_ms_per_mp: Math.round((r1.pipeline_ms_per_mp / r0.pipeline_ms_per_mp) * 100) / 100,
      targets: { large_peak_rss_mb: '≤ 2048 at 16384²', large_pipeline_ms_per_mp: 'no worse than at 2048²' },
    };
    const json = JSON.stringify(report, null, 2);
    process.stdout.write(`${json}\n`);
    const out = flag(argv, 'json');
    if (out) writeFileSync(out, `${json}\n`);
    return 0;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
