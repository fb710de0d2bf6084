/**
 * `tsx src/cli/segmentLargeMain.ts IMAGE.tif LABELS.tif [--model ID] [--budget-mb N] [--tile auto|card|N]
 * [--threshold T] [--threads N]`: one image through the streamed pipeline (segmentLarge.ts), printing one
 * JSON line with the result, timings and this process's peak resident memory (VmHWM from /proc/self/status,
 * the kernel's own high-water mark). Used by the memory test and the large bench; `npm run segment` routes
 * large images through the same segmentLarge.
 */
import { StudioError } from '../errors';
import { openSourceFromFile } from '../io/openSourceNode';
import { defaultChannel } from '../io/source';
import { findCard, loadManifest, openModel } from './nodeSession';
import { peakRssMb } from './peakRss';
import { segmentLarge } from './segmentLarge';

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

async function main() {
  const [input, output] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!input || !output) throw new StudioError('internal', 'usage: segmentLargeMain.ts IMAGE.tif LABELS.tif [--model ID] [--budget-mb N] [--tile auto|card|N] [--threshold T] [--threads N]');
  const t0 = performance.now();
  const src = await openSourceFromFile(input);
  const openMs = performance.now() - t0;
  const model = await openModel(findCard(loadManifest(), arg('model', 'em-unet')!), undefined, { threads: Number(arg('threads', '0')) || undefined });
  const tileArg = arg('tile', 'auto')!;
  try {
    const r = await segmentLarge(src, { t: 0, z: 0, c: defaultChannel(src) }, model, output, {
      budgetMB: Number(arg('budget-mb', '256')),
      tile: tileArg === 'auto' || tileArg === 'card' ? tileArg : Number(tileArg),
      threshold: arg('threshold') === undefined ? undefined : Number(arg('threshold')),
    });
    const totalMs = performance.now() - t0;
    const mp = (r.width * r.height) / 1e6;
    process.stdout.write(`${JSON.stringify({
      size: `${r.width}x${r.height}`, objects: r.objects, foreground: r.foreground, tile: r.tile, tile_note: r.tileNote,
      tiles_run: r.tilesRun, labels_dtype: r.labelsDtype, labels_bytes: r.labelsBytes, open_ms: Math.round(openMs),
      ms: Object.fromEntries(Object.entries(r.ms).map(([k, v]) => [k, Math.round(v)])), total_ms: Math.round(totalMs),
      pipeline_ms_per_mp: Math.round((r.ms.normalise + r.ms.inference + r.ms.objects + r.ms.write) / mp),
      store_peak_mb: Math.round(r.storePeakBytes / 2 ** 20), spilled_mb: Math.round(r.spilledBytes / 2 ** 20),
      peak_rss_mb: Math.round(peakRssMb()),
    })}\n`);
  } finally {
    src.close?.();
    await model.release();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
