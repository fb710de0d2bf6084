/**
 * `npm run synth -- --kind phase|dic|nuclei|mixed --n 24 --size 256 --seed 1 --out DIR`
 *
 * Writes DIR/images/NNN.png (grey, 8-bit for phase/DIC, 16-bit for nuclei unless --bits says otherwise) and
 * DIR/masks/NNN.png (16-bit instance labels, foreground = label > 0): the images/ + masks/ layout that
 * `npm run eval` (src/cli/dataset.ts) and training/folder_data.py read. DIR/synth.json records each image's kind
 * and seed, so `generateCells({kind, width: size, height: size, seed})` reproduces any single image.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { generateCells, SYNTH_KINDS, type SynthKind } from './cells';
import { mixSeed } from './prng';
import { zoomImage, zoomLabels } from './zoom';

export type SynthCliKind = SynthKind | 'mixed';
export type BitsOption = 'auto' | '8' | '16';

export interface SynthArgs {
  kind: SynthCliKind;
  n: number;
  size: number;
  seed: number;
  out: string;
  /** Cells per image; default: the kind's usual coverage. */
  count?: number;
  bits: BitsOption;
  /** Render at size/zoom and enlarge: cells `zoom`× larger, as under a stronger objective (default 1). */
  zoom?: number;
}

const USAGE =
  'usage: npm run synth -- --kind phase|dic|nuclei|mixed --n 24 --size 256 --seed 1 --out DIR [--count C] [--bits auto|8|16] [--zoom 1..8]';
const KINDS: readonly SynthCliKind[] = [...SYNTH_KINDS, 'mixed'];

function intArg(name: string, v: string, min: number, max: number): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be an integer in ${min}..${max}; got "${v}"`);
  return x;
}

/** Parse `--key value` / `--key=value` arguments; throws with the usage line on anything unexpected. */
export function parseArgs(argv: string[]): SynthArgs {
  const a: Partial<SynthArgs> & { bits: BitsOption } = { kind: 'phase', n: 24, size: 256, seed: 1, bits: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const val = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (val === undefined) throw new Error(`--${key} needs a value\n${USAGE}`);
    switch (key) {
      case 'kind':
        if (!KINDS.includes(val as SynthCliKind)) throw new Error(`--kind must be one of ${KINDS.join(', ')}; got "${val}"`);
        a.kind = val as SynthCliKind;
        break;
      case 'n': a.n = intArg(key, val, 1, 100000); break;
      case 'size': a.size = intArg(key, val, 16, 8192); break;
      case 'seed': a.seed = intArg(key, val, 0, 2 ** 32 - 1); break;
      case 'count': a.count = intArg(key, val, 0, 65535); break;
      case 'out': a.out = val; break;
      case 'zoom': {
        const z = Number(val);
        if (!(z >= 1 && z <= 8)) throw new Error(`--zoom must be a number in 1..8; got "${val}"`);
        a.zoom = z;
        break;
      }
      case 'bits':
        if (val !== 'auto' && val !== '8' && val !== '16') throw new Error(`--bits must be one of auto, 8, 16; got "${val}"`);
        a.bits = val;
        break;
      default:
        throw new Error(`unknown option --${key}\n${USAGE}`);
    }
  }
  if (!a.out) throw new Error(`--out DIR is required\n${USAGE}`);
  return a as SynthArgs;
}

/** Nominal full scale of each kind's intensities, used to rescale when the PNG depth is not the native one. */
const FULL_SCALE: Record<SynthKind, number> = { phase: 255, dic: 255, nuclei: 4095 };

/** Round and clamp `image` into a PNG sample array of the requested depth. */
export function toPngSamples(image: Float32Array, kind: SynthKind, bits: BitsOption): { data: Uint8Array | Uint16Array; depth: 8 | 16 } {
  const depth: 8 | 16 = bits === 'auto' ? (kind === 'nuclei' ? 16 : 8) : bits === '8' ? 8 : 16;
  const native = kind === 'nuclei' ? 16 : 8;
  const max = depth === 8 ? 255 : 65535;
  // Native depth: values are already in camera units; otherwise map the kind's full scale onto the PNG's.
  const scale = depth === native ? 1 : max / FULL_SCALE[kind];
  const data = depth === 8 ? new Uint8Array(image.length) : new Uint16Array(image.length);
  for (let i = 0; i < image.length; i++) {
    const v = Math.round(image[i] * scale);
    data[i] = v < 0 ? 0 : v > max ? max : v;
  }
  return { data, depth };
}

export interface SynthRecord {
  name: string;
  kind: SynthKind;
  seed: number;
  cells: number;
}

/** Generate and write the dataset; returns what was written. */
export function runSynth(args: SynthArgs, log: (s: string) => void = () => {}): SynthRecord[] {
  const out = resolve(args.out);
  mkdirSync(join(out, 'images'), { recursive: true });
  mkdirSync(join(out, 'masks'), { recursive: true });
  const digits = Math.max(3, String(args.n - 1).length);
  const records: SynthRecord[] = [];
  const t0 = performance.now();
  for (let i = 0; i < args.n; i++) {
    const kind: SynthKind = args.kind === 'mixed' ? SYNTH_KINDS[i % SYNTH_KINDS.length] : args.kind;
    // One independent seed per image, recorded in synth.json.
    const seed = mixSeed(args.seed, 1000 + i);
    const small = Math.max(16, Math.round(args.size / (args.zoom ?? 1)));
    const z = generateCells({ kind, width: small, height: small, seed, count: args.count });
    const g = small === args.size ? z
      : { ...z, width: args.size, height: args.size, image: zoomImage(z.image, small, small, args.size), labels: zoomLabels(z.labels, small, small, args.size) };
    const name = String(i).padStart(digits, '0');
    const img = toPngSamples(g.image, kind, args.bits);
    writeFileSync(join(out, 'images', `${name}.png`), encode({ width: g.width, height: g.height, data: img.data, depth: img.depth, channels: 1 }));
    writeFileSync(join(out, 'masks', `${name}.png`), encode({ width: g.width, height: g.height, data: g.labels, depth: 16, channels: 1 }));
    let cells = 0;
    for (let j = 0; j < g.labels.length; j++) if (g.labels[j] > cells) cells = g.labels[j];
    records.push({ name, kind, seed, cells });
  }
  const { out: _out, ...settings } = args;
  writeFileSync(join(out, 'synth.json'), JSON.stringify({ generator: 'src/synth/cells.ts', ...settings, images: records }, null, 1) + '\n');
  log(`wrote ${args.n} image/mask pairs (${args.kind}, ${args.size}×${args.size}) to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return records;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    runSynth(parseArgs(process.argv.slice(2)), console.log);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}
