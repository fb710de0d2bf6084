/**
 * The report keys of the browser fine-tune bench (src/bench/finetunePage.ts) in `npm run bench`'s JSON. Each
 * key says what it measured: `finetune_steps_per_s_webgpu` is only ever the full configuration on a hardware
 * adapter; a software adapter's small run goes to `finetune_steps_per_s_webgpu_software` with its configuration
 * and the detected reason beside it.
 */
import type { FinetuneBackendRun, FinetuneBenchConfig, FinetuneBrowserBench } from '../bench/finetuneProtocol';

const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const cfgKey = (c: FinetuneBenchConfig | null) => (c ? `${c.batch} x ${c.crop}px crops, ${c.reps} timed step${c.reps > 1 ? 's' : ''} after 1 warm-up` : null);

function details(r: FinetuneBackendRun) {
  return {
    measured: cfgKey(r.config), steps_per_s: r3(r.stepsPerSecond), step_ms: r.stepMs.map(Math.round),
    warmup_ms: r.warmupMs === null ? null : Math.round(r.warmupMs), runs_on: r.label, ...(r.note ? { note: r.note } : {}), ...(r.error ? { error: r.error } : {}),
  };
}

const same = (a: FinetuneBenchConfig | null, b: FinetuneBenchConfig) => !!a && a.crop === b.crop && a.batch === b.batch;

/** Report keys for `b`, measured with `full` as the reference configuration (256², batch 4). */
export function finetuneBrowserReport(b: FinetuneBrowserBench, full: FinetuneBenchConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const a = b.adapter;
  out.finetune_browser_setup = `${b.model} in the bench page's worker (Chromium), the studio's training step (src/finetune/stepTiming.ts); ` +
    `page cross-origin isolated: ${b.crossOriginIsolated}, ${b.hardwareConcurrency} logical cores`;
  if (b.wasm) {
    out.finetune_steps_per_s_wasm_browser = same(b.wasm.config, full) ? r3(b.wasm.stepsPerSecond) : null;
    out.finetune_wasm_browser = { ...details(b.wasm), runs_on: `tfjs wasm (${b.wasm.label})` };
    if (b.wasm.error) out.finetune_wasm_browser_error = b.wasm.error;
  }
  if (b.webgpu) {
    const hardware = !!a.info && !a.software;
    out.finetune_steps_per_s_webgpu = hardware && same(b.webgpu.config, full) ? r3(b.webgpu.stepsPerSecond) : null;
    if (!hardware && b.webgpu.config) out.finetune_steps_per_s_webgpu_software = r3(b.webgpu.stepsPerSecond);
    out.finetune_webgpu = {
      adapter: a.info ? { ...a.info, description: a.description, software: a.software } : null,
      ...details(b.webgpu),
    };
    if (b.webgpu.error) out.finetune_webgpu_error = b.webgpu.error;
  }
  return out;
}
