/**
 * ONNX ↔ PyTorch parity check: runs a parity fixture (written by training/export_onnx.py or export_fixtures.py:
 * a .json sidecar with shapes/offsets and a .bin of little-endian float32 input then PyTorch output) through
 * onnxruntime-node and asserts max |onnx − torch| ≤ tolerance (default 1e-4).
 *
 *   npx tsx src/cli/verifyOnnx.ts src/test/fixtures/tiny-unet-parity.json [--model FILE.onnx] [--tol 1e-4]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, runRaw } from './nodeSession';

interface ParityMeta {
  model: string;
  bin: string;
  input: { name: string; shape: number[]; offset: number };
  output: { name: string; shape: number[]; offset: number };
  tolerance?: number;
  /** sha256 of the ONNX file the fixture was written for, and the checkpoint it came from. */
  onnxSha256?: string;
  ckpt?: string;
}

export interface ParityResult {
  model: string;
  maxAbsDiff: number;
  values: number;
  tolerance: number;
  ok: boolean;
  /** Set when the ONNX file is not the one the fixture was written for (re-shipped model, old fixture). */
  stale?: string;
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readF32(buf: Buffer, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = buf.readFloatLE(offset + 4 * i);
  return out;
}

export async function verifyParity(jsonPath: string, opts: { model?: string; tol?: number } = {}): Promise<ParityResult> {
  const meta = JSON.parse(readFileSync(jsonPath, 'utf8')) as ParityMeta;
  const bin = readFileSync(join(dirname(jsonPath), meta.bin));
  const count = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const x = readF32(bin, meta.input.offset, count(meta.input.shape));
  const want = readF32(bin, meta.output.offset, count(meta.output.shape));
  const model = opts.model ?? (isAbsolute(meta.model) ? meta.model : join(REPO, meta.model));
  let stale: string | undefined;
  if (meta.onnxSha256 && !opts.model) {
    const sha = createHash('sha256').update(readFileSync(model)).digest('hex');
    if (sha !== meta.onnxSha256) {
      const id = basename(jsonPath).replace(/-parity\.json$/, '');
      stale = `${jsonPath} was written for another ${meta.model} (sha256 ${meta.onnxSha256.slice(0, 12)}…, now ${sha.slice(0, 12)}…): ` +
        `re-run /usr/bin/python3 training/export_onnx.py --ckpt ${meta.ckpt ?? 'training/runs/<run>/final.pt'} --id ${id} --name - ` +
        `--parity-only --parity-dir ${dirname(jsonPath)} with the checkpoint that was shipped`;
    }
  }
  const session = await createSession(model, { threads: 1 });
  try {
    const got = await runRaw(session, x, meta.input.shape, meta.input.name, meta.output.name);
    if (got.dims.join('x') !== meta.output.shape.join('x')) throw new Error(`output shape ${got.dims.join('x')} ≠ PyTorch ${meta.output.shape.join('x')}`);
    let maxAbsDiff = 0;
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs(got.data[i] - want[i]);
      if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
    }
    const tolerance = opts.tol ?? meta.tolerance ?? 1e-4;
    return { model, maxAbsDiff, values: want.length, tolerance, ok: maxAbsDiff <= tolerance, stale };
  } finally {
    await session.release();
  }
}

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let model: string | undefined;
  let tol: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--model') model = argv[++i];
    else if (argv[i] === '--tol') tol = Number(argv[++i]);
    else files.push(argv[i]);
  }
  if (!files.length) {
    console.error('usage: npx tsx src/cli/verifyOnnx.ts PARITY.json [--model FILE.onnx] [--tol 1e-4]');
    return 2;
  }
  let failed = 0;
  for (const f of files) {
    const r = await verifyParity(f, { model, tol });
    console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.model}: max |onnx − torch| = ${r.maxAbsDiff.toExponential(3)} over ${r.values} values (tol ${r.tolerance})`);
    if (r.stale) console.log(`     stale fixture: ${r.stale}`);
    if (!r.ok) failed++;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
