/**
 * Measure and export the objects of a label image (a test and scripting helper; `npm run segment` calls the
 * same `objectFiles`):
 *
 *   npx tsx src/cli/exportObjects.ts --labels LABELS.tif --out PREFIX [--raw IMAGE.tif] [--pixel-size X[,Y]]
 *        [--formats csv,geojson,roi,labels,mask] [--min-area N] [--exclude-border]
 *
 * Writes PREFIX.objects.csv, PREFIX.geojson, PREFIX.roi.zip, PREFIX.labels.tif, PREFIX.mask.png.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '../io/decode';
import { OBJECT_FORMATS, objectFiles, type ObjectFormat } from '../export/objectFiles';
import { toErrorInfo } from '../errors';
import { readArrayBuffer } from './dataset';

const USAGE = 'usage: tsx src/cli/exportObjects.ts --labels FILE --out PREFIX [--raw FILE] [--pixel-size X[,Y]] ' +
  `[--formats ${OBJECT_FORMATS.join(',')}] [--min-area N] [--exclude-border]`;

/** Parse argv into options; throws with the usage line on anything unknown. */
export function parseExportArgs(argv: string[]): { labels: string; out: string; raw?: string; pixelSize?: { x: number; y: number }; formats: ObjectFormat[]; minArea?: number; excludeBorder: boolean } {
  const v: Record<string, string> = {};
  let excludeBorder = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--exclude-border') { excludeBorder = true; continue; }
    const key = a.startsWith('--') ? a.slice(2) : '';
    if (!['labels', 'out', 'raw', 'pixel-size', 'formats', 'min-area'].includes(key) || i + 1 >= argv.length) throw new Error(`unknown or incomplete argument "${a}"\n${USAGE}`);
    v[key] = argv[++i];
  }
  if (!v.labels || !v.out) throw new Error(`--labels and --out are required\n${USAGE}`);
  const formats = (v.formats ?? 'csv,geojson,roi').split(',').filter(Boolean) as ObjectFormat[];
  for (const f of formats) if (!OBJECT_FORMATS.includes(f)) throw new Error(`unknown format "${f}"; valid: ${OBJECT_FORMATS.join(', ')}`);
  let pixelSize: { x: number; y: number } | undefined;
  if (v['pixel-size']) {
    const [x, y = x] = v['pixel-size'].split(',').map(Number);
    if (!(x > 0) || !(y > 0)) throw new Error(`--pixel-size must be positive micrometres, got "${v['pixel-size']}"`);
    pixelSize = { x, y };
  }
  const minArea = v['min-area'] !== undefined ? Number(v['min-area']) : undefined;
  if (minArea !== undefined && !Number.isFinite(minArea)) throw new Error(`--min-area must be a number, got "${v['min-area']}"`);
  return { labels: v.labels, out: v.out, raw: v.raw, pixelSize, formats, minArea, excludeBorder };
}

async function main(argv: string[]): Promise<void> {
  const a = parseExportArgs(argv);
  const lab = await decodeImage(readArrayBuffer(a.labels), a.labels);
  const labels = new Uint32Array(lab.data.length);
  for (let i = 0; i < labels.length; i++) labels[i] = Math.max(0, Math.round(lab.data[i]));
  let raw: Float32Array | undefined;
  if (a.raw) {
    const r = await decodeImage(readArrayBuffer(a.raw), a.raw);
    if (r.width !== lab.width || r.height !== lab.height) throw new Error(`--raw is ${r.width}×${r.height}, labels are ${lab.width}×${lab.height}`);
    raw = r.data;
  }
  const { files, rows } = objectFiles({ labels, width: lab.width, height: lab.height }, a.formats, {
    raw, pixelSize: a.pixelSize, filter: { minArea: a.minArea, excludeBorder: a.excludeBorder },
  });
  for (const [suffix, content] of Object.entries(files)) writeFileSync(a.out + suffix, content);
  console.log(`${rows.length} objects → ${Object.keys(files).map((s) => a.out + s).join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`exportObjects: ${toErrorInfo(e).message}`);
    process.exit(1);
  });
}
