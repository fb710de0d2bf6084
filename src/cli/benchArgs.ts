/**
 * Command line of `npm run bench` (src/cli/bench.ts). Defaults are issue #7's: the em-unet card on a
 * 2048×2048 mosaic of ISBI 2012 EM slices 00–15; WebGPU on the same size, or on a 256² centre crop when the
 * adapter is software (SwiftShader is ~100× slower than WASM and would take most of an hour).
 */
import { resolve } from 'node:path';
import { readOptions } from './cliArgs';

export type Phase = 'wasm' | 'webgpu' | 'native' | 'int8' | 'metrics' | 'cli' | 'edit' | 'finetune' | 'finetune-browser';
export const PHASES: readonly Phase[] = ['wasm', 'webgpu', 'native', 'int8', 'metrics', 'cli', 'edit', 'finetune', 'finetune-browser'];
/** Phases that need Chromium: with all of them skipped the browser is not started. */
export const BROWSER_PHASES: readonly Phase[] = ['wasm', 'webgpu', 'int8', 'metrics', 'finetune-browser'];

export interface BenchArgs {
  json?: string;
  model: string;
  /** Dataset root holding isbi2012_em/ (SEGSTUDIO_DATA, else ../shared/datasets). */
  data: string;
  /** Side of the (centre-cropped) mosaic for WASM and native, ≤ 2048. */
  size: number;
  /** Side for WebGPU; undefined: `size` on a hardware adapter, SOFTWARE_WEBGPU_SIZE on a software one. */
  webgpuSize?: number;
  metricsSize: number;
  reps: number;
  port: number;
  warmup: boolean;
  skip: Phase[];
  modelsDir: string;
}

export const MOSAIC_SIDE = 2048;
export const SOFTWARE_WEBGPU_SIZE = 256;

export const USAGE = 'usage: npm run bench -- [--json FILE] [--model em-unet] [--data DIR] [--size 2048] [--webgpu-size N] ' +
  '[--metrics-size 2048] [--reps 5] [--port 5273] [--no-warmup] [--skip wasm,webgpu,native,int8,metrics,cli,edit,finetune,finetune-browser] [--models-dir public/models]';

export function parseBenchArgs(argv: string[], env: Record<string, string | undefined> = process.env): BenchArgs {
  const v = readOptions(argv, new Set(['json', 'model', 'data', 'size', 'webgpu-size', 'metrics-size', 'reps', 'port', 'skip', 'models-dir']), new Set(['no-warmup']), USAGE);
  const warmup = v['no-warmup'] !== 'true';
  const int = (k: string, dflt: number | undefined, min: number, max: number): number | undefined => {
    if (v[k] === undefined) return dflt;
    const x = Number(v[k]);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${k} must be an integer in [${min}, ${max}], got "${v[k]}"`);
    return x;
  };
  const skip = (v.skip ?? '').split(',').map((s) => s.trim()).filter(Boolean) as Phase[];
  for (const s of skip) if (!PHASES.includes(s)) throw new Error(`--skip: unknown phase "${s}"; phases: ${PHASES.join(', ')}`);
  const size = int('size', MOSAIC_SIDE, 1, MOSAIC_SIDE)!;
  return {
    json: v.json,
    model: v.model ?? 'em-unet',
    data: resolve(v.data ?? env.SEGSTUDIO_DATA ?? '../shared/datasets'),
    size,
    webgpuSize: int('webgpu-size', undefined, 1, MOSAIC_SIDE),
    metricsSize: int('metrics-size', MOSAIC_SIDE, 1, 8192)!,
    reps: int('reps', 5, 1, 1000)!,
    port: int('port', Number(env.BENCH_PORT ?? 5273), 1, 65535)!,
    warmup,
    skip,
    modelsDir: v['models-dir'] ?? 'public/models',
  };
}

/** WebGPU input side and how the report describes it. */
export function webgpuInput(args: Pick<BenchArgs, 'size' | 'webgpuSize'>, software: boolean): { size: number; label: string } {
  if (args.webgpuSize !== undefined)
    return { size: args.webgpuSize, label: args.webgpuSize === args.size ? `${args.size}x${args.size}` : `${args.webgpuSize}x${args.webgpuSize} crop (--webgpu-size)` };
  if (software) {
    const size = Math.min(SOFTWARE_WEBGPU_SIZE, args.size);
    return { size, label: size === args.size ? `${size}x${size}` : `${size}x${size} crop (software adapter)` };
  }
  return { size: args.size, label: `${args.size}x${args.size}` };
}
