/**
 * The reference of the studio batch: `npm run segment --masks` on the same files (the headless pipeline with
 * onnxruntime-node), read back from its summary.csv and mask PNGs. The studio's table must equal it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as decodePng } from 'fast-png';

export interface RefRow {
  name: string;
  objects: number;
  foregroundFraction: number;
  iou?: number;
  dice?: number;
  f1?: number;
  mask: Uint8Array;
}

/** Run the CLI on `images` with `masks` (paired to images by index; undefined = no mask) and return its rows. */
export function cliReference(images: { name: string; buffer: Buffer }[], masks: ({ buffer: Buffer } | undefined)[], modelId: string): RefRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'batch-ref-'));
  const [imgDir, maskDir, out] = ['images', 'masks', 'out'].map((d) => join(dir, d));
  mkdirSync(imgDir);
  mkdirSync(maskDir);
  images.forEach((img, k) => {
    writeFileSync(join(imgDir, img.name), img.buffer);
    if (masks[k]) writeFileSync(join(maskDir, img.name), masks[k]!.buffer); // the CLI pairs masks by file name
  });
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', modelId, '--out', out, '--masks', maskDir, '--threads', '1', '--quiet', imgDir], { stdio: 'pipe' });
  const [head, ...lines] = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  const num = (v: string) => (v === '' ? undefined : Number(v));
  return lines.map((l) => {
    const v = Object.fromEntries(l.split(',').map((x, i) => [cols[i], x]));
    const stem = v.name.replace(/\.[^.]+$/, '');
    return {
      name: v.name, objects: Number(v.objects), foregroundFraction: Number(v.foreground_fraction),
      iou: num(v.iou), dice: num(v.dice), f1: num(v.f1),
      mask: decodePng(readFileSync(join(out, `${stem}.mask.png`))).data as Uint8Array,
    };
  });
}
