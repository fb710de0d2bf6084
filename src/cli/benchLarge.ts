/**
 * `npm run bench -- --large 16384` (or `--large 40000x25000`): the large-image benchmark of issue #12.
 * Writes a 16-bit tiled (512², deflate) BigTIFF with tifffile, tile by tile (so the writer never holds the
 * image either), and segments it with fixture-tiny-unet through the streamed pipeline in a child process
 * (segmentLargeMain.ts: region reads, sampled normalisation, TileStores spilled to temp files, labels as a
 * tiled BigTIFF), then the same on a 2048² image for the ms/MP reference. The child's VmHWM is the peak RSS.
 *
 * This is the Node CLI (onnxruntime-node) path: the keys say so (`large_runtime`). The browser path of the
 * issue (open + Fit draw + segment in Chromium) is not built yet, so `large_fit_draw_ms` is null.
 *
 * Flags: --large N|WxH, --json FILE, --model ID (fixture-tiny-unet), --budget-mb N (256), --ref N (2048),
 * --threads N, --dir DIR (keep the files there; default a temp dir, removed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
    log(`bench --large: segmenting ${ref}² (reference) …`);
    const r0 = segmentChild(small, join(dir, 'ref.labels.tif'), model, budget, flag(argv, 'threads'));
    log(`bench --large: segmenting ${width}×${height} …`);
    t0 = performance.now();
    const r1 = segmentChild(big, join(dir, 'large.labels.tif'), model, budget, flag(argv, 'threads'));
    const report = {
      large_runtime: 'node-cli (onnxruntime-node, streamed: npm run segment route); the browser path is not built yet',
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
