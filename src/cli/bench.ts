/**
 * `npm run bench [-- --json FILE]` — issue #7's benchmark (a benchmark, not a test): ms per megapixel of the
 * bundled EM U-Net on a 2048² EM mosaic with
 *   (a) onnxruntime-web WASM EP + CPU blending, in Chromium (the studio's real worker),
 *   (b) onnxruntime-web WebGPU EP, in Chromium (a 256² crop when the adapter is software, see benchArgs.ts),
 *   (c) onnxruntime-node on the same image through the same src/tiling code, in Node,
 * the share of each run's wall time spent outside session.run, the WGSL confusion kernel vs its CPU reference
 * at 2048², peak memory, and (d) `npm run segment`'s images per minute on the EM test slices at 1 and 2 jobs
 * (benchCli.ts; `--skip wasm,webgpu,int8,metrics,native,finetune-browser` runs only that, without a browser), and fine-tuning
 * steps/s (256² crops, batch 4) on tfjs WASM in Node (benchFinetune.ts) and in Chromium's worker on WASM and WebGPU
 * (src/bench/finetunePage.ts; on a software adapter WebGPU only a small configuration, see FINETUNE_SOFTWARE). Progress goes to stderr, the JSON report to stdout (and to --json FILE).
 * Nothing is built: Vite's dev server serves bench.html; flags and defaults in benchArgs.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEditStroke } from '../bench/editStroke';
import { centreCrop, toUint8, type Gray } from '../bench/mosaic';
import { median } from '../bench/stats';
import type { PageEnv, PageRun } from '../bench/protocol';
import { encodeGrayPng } from '../io/encodePng';
import type { ModelCard } from '../models/manifest';
import { runTiling } from '../tiling/runTiling';
import { BROWSER_PHASES, parseBenchArgs, webgpuInput, type BenchArgs } from './benchArgs';
import { benchCli, cliReport, type CliBench } from './benchCli';
import { runLargeBench } from './benchLarge';
import { openBenchBrowser, type BenchBrowser } from './benchBrowser';
import { loadEmMosaic, loadEmTruthMosaic } from './benchInput';
import { PeakSampler } from './benchMemory';
import { runNative, tileChoiceReport } from './benchNative';
import { buildReport, type BenchParts, type MeasuredRun, type Outcome } from './benchReport';
import { benchFinetune } from './benchFinetune';
import { finetuneBrowserReport } from './benchFinetuneReport';
import { findCard, loadManifest, openModel } from './nodeSession';

const log = (line: string) => process.stderr.write(`${line}\n`);
const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
const version = (pkg: string) => (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;

/** A centred square of the mosaic (the whole mosaic at its own size). */
const square = (img: Gray, side: number): Gray => (side === img.width && side === img.height ? img : centreCrop(img, side, side));

function fromPage(r: PageRun): MeasuredRun {
  const s = r.summary;
  return { width: s.width, height: s.height, tiles: s.tiles, tile: s.tile, halo: s.halo, blend: s.blend, ms: s.ms, inferenceMs: s.inferenceMs, foregroundPixels: r.foregroundPixels, backend: s.backend, pipeline: s.pipeline };
}

/** One browser run: an optional one-tile warm-up (session creation, JIT, shader compiles), then the timed run. */
async function browserRun(bb: BenchBrowser, img: Gray, warm: Gray | null, card: ModelCard, backend: 'wasm' | 'webgpu'): Promise<Outcome> {
  try {
    const opts = { modelId: card.id, backend } as const;
    if (warm) {
      // warmed with the tile the timed run will choose (tiling/runTiling.ts), so its shapes are the ones compiled
      const tile = runTiling(card, { width: img.width, height: img.height }).tile;
      const url = await bb.serve(`warm-${warm.width}.png`, encodeGrayPng(toUint8(warm), warm.width, warm.height));
      const w = await bb.call('segment', url, `warm-${warm.width}.png`, { ...opts, tile }, card.threshold);
      log(`${backend} ${card.id}: warm-up ${warm.width}×${warm.height} in ${Math.round(w.summary.ms)} ms`);
    }
    const name = `em-mosaic-${img.width}.png`;
    const url = await bb.serve(name, encodeGrayPng(toUint8(img), img.width, img.height));
    const run = fromPage(await bb.call('segment', url, name, opts, card.threshold));
    log(`${backend} ${card.id}: ${img.width}×${img.height}, ${run.tiles} tiles in ${Math.round(run.ms)} ms (session.run ${Math.round(run.inferenceMs)} ms) on ${run.backend?.adapter}`);
    return { run };
  } catch (e) {
    log(`${backend} ${card.id}: FAILED: ${msg(e)}`);
    return { error: msg(e) };
  }
}

async function nativeRun(args: BenchArgs, card: ModelCard, img: Gray, warm: Gray | null, truth: Uint8Array | undefined): Promise<Outcome & { cardTile?: Outcome }> {
  try {
    const model = await openModel(card, args.modelsDir, { threads: cpus().length });
    try {
      if (warm) await runNative(model, warm);
      const run = await runNative(model, img, { truth });
      log(`native ${card.id}: ${img.width}×${img.height}, ${run.tiles} tiles of ${run.tile} in ${Math.round(run.ms)} ms (session.run ${Math.round(run.inferenceMs)} ms)${run.iou !== undefined ? `, IoU ${run.iou.toFixed(4)}` : ''}`);
      if (run.tile === card.tiling.tile) return { run };
      // the same image with the card's own tile: what the tile choice gained, and that the mask did not change
      const c = await runNative(model, img, { tile: 'card', truth });
      log(`native ${card.id} with the card's tile ${c.tile}: ${c.tiles} tiles in ${Math.round(c.ms)} ms${c.iou !== undefined ? `, IoU ${c.iou.toFixed(4)}` : ''}`);
      return { run, cardTile: { run: c } };
    } finally {
      await model.release();
    }
  } catch (e) {
    log(`native ${card.id}: FAILED: ${msg(e)}`);
    return { error: msg(e) };
  }
}

/**
 * Warm-up side for WebGPU on a software adapter: a 16² image is one small tile (80² for em-unet) that creates
 * the session and compiles ORT's WebGPU pipelines in ~13 s on SwiftShader, where one full 256² tile takes ~40 s.
 * Measured here: after it, the timed 256² crop ran at 41 s per tile, as after a full-tile warm-up (39 s).
 */
const SOFTWARE_WARM_SIDE = 16;

/** The issue's fine-tune bench configuration (256² crops, batch 4), on WASM and on a hardware WebGPU adapter. */
const FINETUNE_FULL = { crop: 256, batch: 4 } as const;
/**
 * WebGPU fine-tuning on a software adapter (SwiftShader): one step of one 64² crop, so the bench stays short.
 * Measured here: 2.8 s a step after a 16 s warm-up (shader compiles), as long as WASM takes for 4 × 256² — ~60×
 * slower per pixel (README "Fine-tune tests and benchmark").
 */
const FINETUNE_SOFTWARE = { crop: 64, batch: 1, reps: 1 } as const;

const skipped = (phase: string): Outcome => ({ error: `skipped (--skip ${phase})` });

export async function runBench(args: BenchArgs): Promise<{ report: Record<string, unknown>; failed: string[] }> {
  const manifest = loadManifest(args.modelsDir);
  const card = findCard(manifest, args.model);
  const int8Card = manifest.models.find((c) => c.id === `${args.model}-int8`);
  const loadStart = loadavg();
  log(`bench: ${card.id} on ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; load average ${loadStart.map((x) => x.toFixed(2)).join(' ')}`);

  const mosaic = await loadEmMosaic(args.data);
  const img = square(mosaic, args.size);
  // Warm-up image: one tile exactly (its valid centre is tile − 2·halo), so the real run's shapes are compiled.
  const tiling = runTiling(card, { width: img.width, height: img.height });
  const warmSide = Math.min(args.size, tiling.tile - 2 * tiling.halo);
  const warm = args.warmup && warmSide > 0 ? square(mosaic, warmSide) : null;
  const memory: Record<string, number | null> = {};
  /** Warm-up input per backend (a run before the timed one, not timed), for the report. */
  const warmup: Record<string, string> = warm ? { wasm: `${warmSide}x${warmSide}`, native: `${warmSide}x${warmSide}` } : {};
  const on = (p: string) => !args.skip.includes(p as never);

  let wasm: Outcome = skipped('wasm'), webgpu: Outcome = skipped('webgpu'), int8: Outcome | undefined;
  let adapter: BenchParts['adapter'] = { description: null, reason: 'not probed' };
  let webgpuLabel = 'not run';
  let metrics: BenchParts['metrics'] = { size: args.metricsSize, reps: args.reps, cpuMs: NaN, gpuMs: null, countsMatch: null, gpuNote: 'skipped' };
  let chromiumVersion = '';
  let pageEnv: PageEnv | undefined;

  // Node-side and first, before the browser loads the cores: the edit stroke of issue #15.
  let edit: BenchParts['edit'];
  if (on('edit')) {
    try {
      const e = benchEditStroke(16384);
      edit = e;
      log(`edit stroke on ${e.side}²: ${e.ms.toFixed(1)} ms (overlay of ${e.tilesTouched} tiles ${e.renderMs.toFixed(1)} ms; ${e.pixelsChanged} px; median of ${e.reps})`);
    } catch (e) {
      edit = { error: msg(e) };
      log(`edit: FAILED: ${msg(e)}`);
    }
  }
  // Node-side and first, before the browser loads the cores: `npm run segment` at 1 and 2 jobs (issue #13).
  let cli: CliBench | { error: string } | undefined;
  if (on('cli')) {
    try {
      cli = await benchCli(args.data, card.id, args.modelsDir, [1, 2], log);
    } catch (e) {
      cli = { error: msg(e) };
      log(`cli: FAILED: ${msg(e)}`);
    }
  }
  // Fine-tuning steps/s (tfjs WASM in Node, src/cli/benchFinetune.ts), before the browser starts.
  let ft: Record<string, unknown> = { finetune_error: 'skipped (--skip finetune)' };
  let ftBrowser: Record<string, unknown> = { finetune_browser_error: 'skipped (--skip finetune-browser)' };
  if (on('finetune')) {
    try {
      ft = { ...(await benchFinetune(args.modelsDir, Math.min(args.reps, 3), log)) };
    } catch (e) {
      ft = { finetune_error: msg(e) };
    }
  }
  // Only the Node sections asked for (e.g. --skip wasm,webgpu,int8,metrics,native,finetune-browser): no browser, a short report.
  if (BROWSER_PHASES.every((p) => !on(p)) && !on('native')) {
    const report = { model: card.id, ...(cli ? cliReport(cli) : {}), ...ft,
      ...(edit ? { edit_stroke_ms_16384: 'ms' in edit && edit.side === 16384 ? Math.round(edit.ms * 100) / 100 : null, edit } : {}),
      env: { node: process.version, onnxruntime_node: version('onnxruntime-node'),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, load_avg_start: loadStart.map((x) => +x.toFixed(2)), load_avg_end: loadavg().map((x) => +x.toFixed(2)) },
      date: new Date().toISOString() } };
    return { report, failed: [...(cli && 'error' in cli ? ['cli'] : []), ...(edit && 'error' in edit ? ['edit'] : []), ...('finetune_error' in ft && on('finetune') ? ['finetune'] : [])] };
  }

  const bb = await openBenchBrowser(args.port, log);
  try {
    chromiumVersion = bb.version;
    const env = await bb.call('env');
    pageEnv = env;
    log(`chromium ${chromiumVersion}; cross-origin isolated ${env.crossOriginIsolated}; ${env.wasm.adapter}; WebGPU: ${env.webgpu.backend === 'webgpu' ? `${env.webgpu.adapter}${env.webgpu.software ? ' (software)' : ''}` : env.webgpu.note}`);
    adapter = env.webgpu.backend === 'webgpu' ? { description: env.webgpu.adapter, software: env.webgpu.software } : { description: null, reason: env.webgpu.note };
    const phase = async (name: string, f: () => Promise<Outcome>) => {
      const s = new PeakSampler(bb.pid);
      try {
        return await f();
      } finally {
        memory[`browser_rss_${name}`] = s.stop().browserRssMb;
      }
    };
    if (on('wasm')) wasm = await phase('wasm', () => browserRun(bb, img, warm, card, 'wasm'));
    if (int8Card && warm) warmup.wasm_int8 = `${warmSide}x${warmSide}`;
    if (int8Card) int8 = on('int8') ? await phase('wasm_int8', () => browserRun(bb, img, warm, int8Card, 'wasm')) : skipped('int8');
    if (on('webgpu')) {
      if (env.webgpu.backend !== 'webgpu') webgpu = { error: `no WebGPU adapter: ${env.webgpu.note}` };
      else {
        const w = webgpuInput(args, env.webgpu.software);
        webgpuLabel = w.label;
        log(`webgpu: ${w.label}`);
        const gpuWarmSide = Math.min(w.size, env.webgpu.software ? SOFTWARE_WARM_SIDE : warmSide);
        if (warm) warmup.webgpu = `${gpuWarmSide}x${gpuWarmSide}`;
        webgpu = await phase('webgpu', () => browserRun(bb, square(mosaic, w.size), warm && square(mosaic, gpuWarmSide), card, 'webgpu'));
      }
    }
    if (on('finetune-browser')) {
      const full = { ...FINETUNE_FULL, reps: Math.min(args.reps, 3) };
      const s = new PeakSampler(bb.pid);
      try {
        ftBrowser = finetuneBrowserReport(await bb.call('finetune', { model: 'cells-synthetic', full, software: FINETUNE_SOFTWARE }), full);
      } catch (e) {
        ftBrowser = { finetune_browser_error: msg(e) };
        log(`finetune (browser): FAILED: ${msg(e)}`);
      } finally {
        memory.browser_rss_finetune = s.stop().browserRssMb;
      }
    }
    if (on('metrics')) {
      try {
        const t = await bb.call('confusion', args.metricsSize, args.reps, card.threshold);
        metrics = { size: t.size, reps: t.reps, cpuMs: median(t.cpuMs), gpuMs: t.gpuMs ? median(t.gpuMs) : null, countsMatch: t.countsMatch, gpuNote: t.gpuNote };
        log(`confusion ${t.size}²: CPU ${metrics.cpuMs.toFixed(1)} ms, WGSL ${metrics.gpuMs?.toFixed(1) ?? '–'} ms (median of ${t.reps}; counts match: ${t.countsMatch})`);
      } catch (e) {
        metrics = { ...metrics, gpuNote: `failed: ${msg(e)}` };
        log(`confusion: FAILED: ${msg(e)}`);
      }
    }
  } finally {
    await bb.close();
  }

  let native: Outcome = skipped('native');
  if (on('native')) {
    const s = new PeakSampler(undefined);
    const truth = await loadEmTruthMosaic(args.data).then((t) => Uint8Array.from(square(t, args.size).data, (v) => (v > 0 ? 1 : 0)), () => undefined);
    native = await nativeRun(args, card, img, warm, truth);
    const m = s.stop();
    memory.node_rss_native = m.nodeRssMb;
    memory.node_heap_native = m.nodeHeapMb;
  }

  const parts: BenchParts = {
    model: card.id,
    input: { description: `${mosaic.description}${img === mosaic ? '' : `, centre ${img.width}×${img.height}`}`, width: img.width, height: img.height },
    batch: tiling.batch,
    wasm, webgpu, webgpuInput: webgpuLabel, native,
    ...(int8Card && int8 ? { wasmInt8: { ...int8, model: int8Card.id } } : {}),
    adapter,
    threads: { wasm: pageEnv?.wasm.threads ?? 0, native: cpus().length },
    metrics,
    ...(edit ? { edit } : {}),
    memory,
    env: {
      chromium: chromiumVersion,
      node: process.version,
      onnxruntime_web: version('onnxruntime-web'),
      onnxruntime_node: version('onnxruntime-node'),
      cross_origin_isolated: pageEnv?.crossOriginIsolated ?? null,
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30),
        platform: platform(), load_avg_start: loadStart.map((x) => +x.toFixed(2)), load_avg_end: loadavg().map((x) => +x.toFixed(2)),
      },
      date: new Date().toISOString(),
    },
    warmup,
  };
  const report: Record<string, unknown> = { ...buildReport(parts), ...tileChoiceReport(native), ...(cli ? cliReport(cli) : {}), ...ft, ...ftBrowser };
  const failed = Object.keys(report).filter((k) => k.endsWith('_error') && !String(report[k]).startsWith('skipped'));
  if (metrics.gpuNote.startsWith('failed') || metrics.countsMatch === false) failed.push('metrics'); // cli_error is caught above
  if (edit && 'error' in edit) failed.push('edit');
  return { report, failed };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  (async () => {
    if (process.argv.includes('--large')) return runLargeBench(process.argv.slice(2)); // issue #12's bench, its own flags
    let args: BenchArgs;
    try {
      args = parseBenchArgs(process.argv.slice(2));
    } catch (e) {
      log(`error: ${msg(e)}`);
      return 2;
    }
    const { report, failed } = await runBench(args);
    const json = JSON.stringify(report, null, 2);
    process.stdout.write(`${json}\n`);
    if (args.json) {
      writeFileSync(args.json, `${json}\n`);
      log(`wrote ${resolve(args.json)}`);
    }
    if (failed.length) log(`bench: ${failed.join(', ')} failed (see the report)`);
    return failed.length ? 1 : 0;
  })().then((code) => process.exit(code), (e) => {
    log(`error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exit(1);
  });
}
