/** Fast checks of `npm run eval` with the tiny fixture model on a generated dataset: output, files, errors. */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decode, encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from './eval';
import { locateSet, setLabel } from './manifestMetrics';

const FIX = 'fixture-tiny-unet';
let root: string;
let data: string;

/** An 8-bit image of bright discs on a ramp and its mask: 0/255 (or 16-bit instance labels). */
function scene(w: number, h: number, seed: number, labels16 = false) {
  const img = new Uint8Array(w * h);
  const mask = labels16 ? new Uint16Array(w * h) : new Uint8Array(w * h);
  const discs = [0, 1, 2].map((k) => ({ x: ((seed * 37 + k * 53) % (w - 16)) + 8, y: ((seed * 19 + k * 41) % (h - 16)) + 8, r: 6 + k * 2 }));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const k = discs.findIndex((d) => (x - d.x) ** 2 + (y - d.y) ** 2 <= d.r * d.r);
      img[y * w + x] = k >= 0 ? 200 - 10 * k : 30 + ((x + 2 * y) % 40);
      mask[y * w + x] = k < 0 ? 0 : labels16 ? 300 + k : 255;
    }
  return { img, mask };
}

function writePair(dir: string, name: string, w: number, h: number, seed: number, opts: { labels16?: boolean; maskSize?: [number, number] } = {}) {
  const s = scene(w, h, seed, opts.labels16);
  writeFileSync(join(dir, 'images', `${name}.png`), encode({ width: w, height: h, data: s.img, channels: 1, depth: 8 }));
  const [mw, mh] = opts.maskSize ?? [w, h];
  const m = opts.maskSize ? scene(mw, mh, seed, opts.labels16).mask : s.mask;
  writeFileSync(join(dir, 'masks', `${name}.png`), encode({ width: mw, height: mh, data: m, channels: 1, depth: opts.labels16 ? 16 : 8 }));
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const r = await runEval(args, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { ...r, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'segstudio-eval-'));
  data = join(root, 'ds');
  mkdirSync(join(data, 'images'), { recursive: true });
  mkdirSync(join(data, 'masks'), { recursive: true });
  writePair(data, 'a', 80, 72, 1);
  writePair(data, 'b', 64, 64, 2, { labels16: true });
  writeFileSync(join(data, 'images', 'c.png'), encode({ width: 8, height: 8, data: new Uint8Array(64), channels: 1, depth: 8 })); // no mask
  writeFileSync(join(data, 'split.json'), JSON.stringify({ train: ['a'], test: ['b'] }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('eval CLI with the fixture model', () => {
  it('prints a per-image table and the means; writes --json and --out', async () => {
    const json = join(root, 'r.json');
    const out = join(root, 'masks-out');
    const r = await run(['--data', data, '--model', FIX, '--json', json, '--out', out, '--threads', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 image\(s\) without a mask skipped: c/);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^model fixture-tiny-unet .*threshold 0\.5, 2 image\(s\), tile 64 halo 8 gaussian/);
    expect(lines[1]).toMatch(/^image\s+IoU\s+Dice$/);
    expect(lines[2]).toMatch(/^a\s+\d\.\d{4}\s+\d\.\d{4}$/);
    expect(lines[3]).toMatch(/^b\s+\d\.\d{4}\s+\d\.\d{4}$/);
    expect(lines[4]).toMatch(/^mean\s+\d\.\d{4}\s+\d\.\d{4}$/);
    expect(r.stdout).toMatch(/mean IoU \d\.\d{4}  mean Dice \d\.\d{4}/);

    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(j)).toEqual(['model', 'threshold', 'images', 'mean']);
    expect(j.model).toBe(FIX);
    expect(j.threshold).toBe(0.5);
    expect(j.images.map((i: { name: string }) => i.name)).toEqual(['a', 'b']);
    for (const i of j.images) {
      expect(Object.keys(i)).toEqual(['name', 'iou', 'dice']);
      expect(i.dice).toBeCloseTo((2 * i.iou) / (1 + i.iou), 10); // Dice = 2 IoU / (1 + IoU)
    }
    expect(j.mean.iou).toBeCloseTo((j.images[0].iou + j.images[1].iou) / 2, 12);
    expect(j.mean.dice).toBeCloseTo((j.images[0].dice + j.images[1].dice) / 2, 12);

    // the written masks are 8-bit 0/255 PNGs of the image size, and re-scoring them gives the reported IoU
    for (const [name, w, h] of [['a', 80, 72], ['b', 64, 64]] as const) {
      const png = decode(readFileSync(join(out, `${name}.png`)));
      expect([png.width, png.height, png.channels, png.depth]).toEqual([w, h, 1, 8]);
      expect(new Set(png.data)).toEqual(new Set([0, 255]));
      const gt = scene(w, h, name === 'a' ? 1 : 2).mask;
      let tp = 0, fp = 0, fn = 0;
      png.data.forEach((v, k) => { const p = v > 0, g = gt[k] > 0; tp += +(p && g); fp += +(p && !g); fn += +(!p && g); });
      expect(tp / (tp + fp + fn)).toBeCloseTo(j.images.find((i: { name: string }) => i.name === name).iou, 10);
    }
  });

  it('takes one set of a split file, and --threshold', async () => {
    const r = await run(['--data', data, '--split', join(data, 'split.json'), '--set', 'test', '--model', FIX, '--threshold', '0.3', '--threads', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result!.images.map((i) => i.name)).toEqual(['b']);
    expect(r.result!.threshold).toBe(0.3);
    expect(r.stdout).toMatch(/threshold 0\.3, 1 image\(s\)/);
  });

  it('gives clear errors', async () => {
    const missing = await run(['--data', join(root, 'nope'), '--model', FIX]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/data directory not found: .*nope/);

    const unknown = await run(['--data', data, '--model', 'no-such-model']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model id "no-such-model"; valid ids: .*fixture-tiny-unet/);

    const bad = join(root, 'bad');
    mkdirSync(join(bad, 'images'), { recursive: true });
    mkdirSync(join(bad, 'masks'), { recursive: true });
    writePair(bad, 'x', 64, 64, 3, { maskSize: [64, 48] });
    const size = await run(['--data', bad, '--model', FIX]);
    expect(size.code).toBe(1);
    expect(size.stderr).toMatch(/x: image is 64×64 but its mask is 64×48/);

    const noMasks = join(root, 'nomasks');
    mkdirSync(join(noMasks, 'images'), { recursive: true });
    expect((await run(['--data', noMasks, '--model', FIX])).stderr).toMatch(/has no masks\/ folder/);
    expect((await run(['--data', data, '--split', join(data, 'split.json'), '--set', 'val', '--model', FIX])).stderr)
      .toMatch(/split split\.json has no set "val"; sets: train, test/);

    const usage = await run(['--data', data]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--model ID \(or a path to an \.onnx file\) is required\nusage: npm run eval/);
    expect((await run(['--data', data, '--model', FIX, '--threshold', '2'])).stderr).toMatch(/--threshold must lie in \[0, 1\]/);
    expect((await run(['--data', data, '--model', FIX, '--bogus', '1'])).stderr).toMatch(/unknown option --bogus/);
  });

  it('--write-manifest stores rounded metrics that point back at the set (never for fixtures)', async () => {
    const models = join(root, 'models');
    mkdirSync(models, { recursive: true });
    copyFileSync(`public/models/${FIX}.onnx`, join(models, `${FIX}.onnx`));
    const manifest = JSON.parse(readFileSync('public/models/models.json', 'utf8'));
    const fixture = manifest.models.find((c: { id: string }) => c.id === FIX);
    const { fixture: _f, ...plain } = { ...fixture, id: 'plain-copy' };
    writeFileSync(join(models, 'models.json'), JSON.stringify({ version: 1, models: [fixture, plain] }, null, 2));

    const refused = await run(['--data', data, '--model', FIX, '--models-dir', models, '--write-manifest']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/fixture model/);

    const split = join(data, 'split.json');
    const r = await run(['--data', data, '--split', split, '--set', 'test', '--model', 'plain-copy', '--models-dir', models, '--write-manifest']);
    expect(r.code, r.stderr).toBe(0);
    const card = JSON.parse(readFileSync(join(models, 'models.json'), 'utf8')).models[1];
    expect(card.metrics).toEqual({
      set: 'ds test (split.json)', images: 1, iou: Math.round(r.result!.mean.iou * 1e4) / 1e4,
      dice: Math.round(r.result!.mean.dice * 1e4) / 1e4, threshold: 0.5, measuredWith: 'npm run eval (onnxruntime-node, overlap-tile)',
    });
    expect(Object.keys(card).slice(-2)).toEqual(['metrics', 'license']);
    expect(locateSet(card.metrics.set, root)).toEqual({ dataDir: data, split: { file: split, set: 'test' } });
  });

  it('metrics set labels point back at the data (under the data root, else the repository)', () => {
    const split = { file: join(data, 'split.json'), set: 'test' };
    expect(setLabel(data, split, root)).toBe('ds test (split.json)');
    expect(setLabel(join(data, 'images'), undefined, root)).toBe('ds/images (all pairs)');
    expect(locateSet('ds/images (all pairs)', root)).toEqual({ dataDir: join(data, 'images') });
    expect(setLabel('training/runs/synth/test', undefined, root)).toBe('training/runs/synth/test (all pairs)');
    expect(locateSet('training/runs/synth/test (all pairs)', root).dataDir).toMatch(/training\/runs\/synth\/test$/);
    expect(() => locateSet('no label here', root)).toThrow(/cannot read metrics set label/);
  });

  it('runs as a command (tsx) with an exit code', async () => {
    const tsx = join('node_modules', '.bin', 'tsx');
    expect(existsSync(tsx)).toBe(true);
    const err = await promisify(execFile)(tsx, ['src/cli/eval.ts', '--data', data, '--model', 'nope']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/unknown model id "nope"/);
  });
});
