/**
 * `npm run segment` as a person runs it: real processes (tsx), the real fixture ONNX model on onnxruntime-node,
 * real files. Small images and the 7 k-parameter fixture model keep each run to a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromArrayBuffer } from 'geotiff';
import { decodeImage } from '../io/decode';
import { encodeGrayPng } from '../io/encodePng';
import { ab } from '../io/testBytes';
import { corpusUnavailable, makeCorpus } from '../io/testCorpus';
import { runSegment } from './segment';
import { SUMMARY_HEADER } from './segmentCsv';

const MODEL = ['--model', 'fixture-tiny-unet'];

function segment(...args: string[]): { code: number; stderr: string; stdout: string } {
  const r = spawnSync(join('node_modules', '.bin', 'tsx'), ['src/cli/segment.ts', ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}

/** A 96×80 image of bright discs on a gradient, different per seed. */
function image(seed: number): Uint8Array {
  const w = 96, h = 80, d = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 40 + ((x + y * seed) % 50);
      for (let k = 0; k < 5; k++) {
        const cx = (17 * (k + 1) * seed) % w, cy = (29 * (k + 2) * seed) % h;
        if ((x - cx) ** 2 + (y - cy) ** 2 < 81) v = 220;
      }
      d[y * w + x] = v;
    }
  return encodeGrayPng(d, w, h);
}

let data: string;
const out = (tag: string) => join(data, `out-${tag}`);
const files = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('summary')).sort();

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'seg-cli-'));
  mkdirSync(join(data, 'in'));
  for (const s of [1, 2, 3, 4, 5]) writeFileSync(join(data, 'in', `img${s}.png`), image(s));
  writeFileSync(join(data, 'broken.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
});

describe('npm run segment', { timeout: 600_000 }, () => {
  it('a bad file among good ones: one stderr line, exit 1, the good ones written', () => {
    const r = segment(...MODEL, '--out', out('bad'), '--quiet', join(data, 'in'), join(data, 'broken.png'));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${join(data, 'broken.png')}: .+`));
    expect(files(out('bad'))).toEqual([1, 2, 3, 4, 5].flatMap((s) => [`img${s}.labels.tif`, `img${s}.mask.png`, `img${s}.row.csv`]));
    const summary = readFileSync(join(out('bad'), 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary[0]).toBe(SUMMARY_HEADER);
    expect(summary.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([1, 2, 3, 4, 5].map((s) => `img${s},0,96,80`));
  });

  it('data warnings go to stderr, one line each, even with --quiet; the files are still written', async () => {
    const dir = join(data, 'warn');
    mkdirSync(join(dir, 'masks'), { recursive: true });
    writeFileSync(join(dir, 'flat.png'), encodeGrayPng(new Uint8Array(96 * 80).fill(77), 96, 80));
    writeFileSync(join(dir, 'masks', 'flat.png'), encodeGrayPng(new Uint8Array(96 * 80).fill(255), 96, 80));
    const err: string[] = [];
    const code = await runSegment([...MODEL, '--out', out('warn'), '--masks', join(dir, 'masks'), '--quiet', join(dir, 'flat.png')], { log: () => undefined, error: (s) => err.push(s) });
    expect(code).toBe(0);
    expect(err).toEqual([
      expect.stringMatching(/flat\.png: plane 0: warning: Every pixel of the image is 77: there is nothing to segment/),
      expect.stringMatching(/flat\.png: plane 0: warning: "flat\.png" marks every pixel as foreground/),
    ]);
    expect(files(out('warn'))).toContain('flat.labels.tif');
  });

  it('bad arguments: a one-line usage error and exit 2, nothing written', async () => {
    // In-process (the same runSegment the script calls): each spawn costs seconds of tsx start-up.
    for (const args of [['--out', out('x'), 'a.png'], [...MODEL, '--out', out('x'), '--shard', '3/2', 'a.png'], ['--model', 'no-such-model', '--out', out('x'), 'a.png']]) {
      const err: string[] = [];
      expect(await runSegment(args, { log: () => {}, error: (s) => err.push(s) }), args.join(' ')).toBe(2);
      expect(err).toHaveLength(1);
      expect(err[0]).not.toContain('\n');
    }
    expect(() => statSync(out('x'))).toThrow();
  });

  it('--jobs 2 (worker threads), --shard + --merge and --resume all reproduce the single run byte for byte', () => {
    expect(segment(...MODEL, '--out', out('one'), '--threads', '1', '--quiet', join(data, 'in')).code).toBe(0);
    const single = readFileSync(join(out('one'), 'summary.csv'), 'utf8');
    expect(single.trim().split('\n')).toHaveLength(6);
    const same = (dir: string) => {
      for (const f of files(out('one'))) expect(readFileSync(join(dir, f)).equals(readFileSync(join(out('one'), f))), `${dir}/${f}`).toBe(true);
    };

    expect(segment(...MODEL, '--out', out('jobs'), '--jobs', '2', '--threads', '1', '--quiet', join(data, 'in')).code).toBe(0);
    expect(readFileSync(join(out('jobs'), 'summary.csv'), 'utf8')).toBe(single);
    same(out('jobs'));

    for (const s of ['2/2', '1/2']) expect(segment(...MODEL, '--out', out('sh'), '--shard', s, '--threads', '1', '--quiet', join(data, 'in')).code).toBe(0);
    expect(readdirSync(out('sh')).filter((f) => f.startsWith('summary')).sort()).toEqual(['summary.shard-1-of-2.csv', 'summary.shard-2-of-2.csv']);
    const shard1 = readFileSync(join(out('sh'), 'summary.shard-1-of-2.csv'), 'utf8');
    expect(shard1.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['img1', 'img3', 'img5']); // k mod 2 = 0
    const m = segment('--merge', '--out', out('merged'), out('sh'));
    expect(m.code, m.stderr).toBe(0);
    expect(readFileSync(join(out('merged'), 'summary.csv'), 'utf8')).toBe(single);
    same(out('sh'));

    // Resume: one image lost its sidecar (killed before its last rename), one never started.
    rmSync(join(out('sh'), 'img2.row.csv'));
    for (const f of ['img4.labels.tif', 'img4.mask.png', 'img4.row.csv']) rmSync(join(out('sh'), f));
    writeFileSync(join(out('sh'), 'img4.labels.tif.tmp-12345-0'), 'half a file'); // killed while writing
    const before = new Map(files(out('sh')).map((f) => [f, statSync(join(out('sh'), f)).mtimeMs]));
    const r = segment(...MODEL, '--out', out('sh'), '--resume', '--threads', '1', join(data, 'in'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3 complete \(skipped\), 2 to segment/);
    for (const s of [1, 3, 5]) for (const ext of ['labels.tif', 'mask.png', 'row.csv'])
      expect(statSync(join(out('sh'), `img${s}.${ext}`)).mtimeMs, `img${s}.${ext} untouched`).toBe(before.get(`img${s}.${ext}`));
    expect(statSync(join(out('sh'), 'img2.labels.tif')).mtimeMs).toBeGreaterThan(before.get('img2.labels.tif')!);
    expect(readFileSync(join(out('sh'), 'summary.csv'), 'utf8')).toBe(single);
    expect(files(out('sh'))).toEqual(files(out('one'))); // the stale temporary file is gone
    same(out('sh'));
  });

  it('--masks pairs by name: the run\'s own masks score 1, the others are left empty', () => {
    expect(segment(...MODEL, '--out', out('m0'), '--quiet', join(data, 'in', 'img2.png'), join(data, 'in', 'img4.png')).code).toBe(0);
    mkdirSync(join(data, 'masks'));
    for (const s of [2, 4]) copyFileSync(join(out('m0'), `img${s}.mask.png`), join(data, 'masks', `img${s}.png`));
    const r = segment(...MODEL, '--out', out('m'), '--masks', join(data, 'masks'), '--quiet', join(data, 'in'));
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out('m'), 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(6).join(','));
    expect(rows).toEqual([',,', '1.000000,1.000000,1.000000', ',,', '1.000000,1.000000,1.000000', ',,']);
  });

  it('--model FILE.onnx: a bare model gets the own-model defaults, a card beside it is used', () => {
    const dir = join(data, 'model');
    mkdirSync(dir);
    copyFileSync('public/models/fixture-tiny-unet.onnx', join(dir, 'mine.onnx'));
    const bare = segment('--model', join(dir, 'mine.onnx'), '--out', out('bare'), join(data, 'in', 'img1.png'));
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stderr).toMatch(/user:mine \(tile 256, halo 32, threshold 0.5\)/);
    const card = (JSON.parse(readFileSync('public/models/models.json', 'utf8')) as { models: { id: string }[] }).models.find((c) => c.id === 'fixture-tiny-unet');
    writeFileSync(join(dir, 'mine.json'), JSON.stringify(card));
    const carded = segment('--model', join(dir, 'mine.onnx'), '--out', out('carded'), '--threads', '1', join(data, 'in', 'img1.png'));
    expect(carded.code, carded.stderr).toBe(0);
    expect(segment(...MODEL, '--out', out('ref'), '--threads', '1', '--quiet', join(data, 'in', 'img1.png')).code).toBe(0);
    expect(readFileSync(join(out('carded'), 'img1.labels.tif')).equals(readFileSync(join(out('ref'), 'img1.labels.tif')))).toBe(true);
    // A card whose sha256 is not the file's: the runners (worker threads here) refuse to start, the run ends with 1.
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ ...card, sha256: '0'.repeat(64) }));
    const wrong = segment('--model', join(dir, 'mine.onnx'), '--out', out('wrong'), '--jobs', '2', '--quiet', join(data, 'in'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: mine\.onnx: sha256 [0-9a-f]{64} does not match/)]);
  });

  it.skipIf(corpusUnavailable() !== null)('stacks and channels (tifffile corpus): one page per plane, --planes N, --channel N', async () => {
    const corpus = makeCorpus();
    const pages = async (f: string) => {
      const tiff = await fromArrayBuffer(ab(readFileSync(f)));
      const n = await tiff.getImageCount();
      return Promise.all(Array.from({ length: n }, async (_, k) => Array.from(((await (await tiff.getImage(k)).readRasters()) as unknown as Uint16Array[])[0])));
    };
    const stack = segment(...MODEL, '--out', out('stack'), '--threads', '1', '--quiet', join(corpus, 'stack_z3.ome.tif'));
    expect(stack.code, stack.stderr).toBe(0);
    const rows = readFileSync(join(out('stack'), 'summary.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.map((l) => l.split(',').slice(0, 4).join(','))).toEqual([0, 1, 2].map((p) => `stack_z3,${p},128,128`));
    expect(files(out('stack'))).toEqual(['stack_z3.labels.tif', 'stack_z3.row.csv']); // no mask PNG for a stack
    const all = await pages(join(out('stack'), 'stack_z3.labels.tif'));
    expect(all).toHaveLength(3);
    expect(all[0]).not.toEqual(all[2]); // the discs move with z

    const one = segment(...MODEL, '--out', out('plane1'), '--planes', '1', '--threads', '1', '--quiet', join(corpus, 'stack_z3.ome.tif'));
    expect(one.code, one.stderr).toBe(0);
    expect(await pages(join(out('plane1'), 'stack_z3.labels.tif'))).toEqual([all[1]]);
    expect(readFileSync(join(out('plane1'), 'summary.csv'), 'utf8').trim().split('\n')[1]).toBe(rows[1]);
    const mask = await decodeImage(ab(readFileSync(join(out('plane1'), 'stack_z3.mask.png'))), 'm');
    expect(Array.from(mask.data)).toEqual(all[1].map((v) => (v ? 255 : 0)));

    // Channel 1 of a 2-channel OME-TIFF is segmented like the same channel saved alone.
    const c1 = segment(...MODEL, '--out', out('c1'), '--channel', '1', '--threads', '1', '--quiet', join(corpus, 'two_channel.ome.tif'));
    expect(c1.code, c1.stderr).toBe(0);
    const alone = segment(...MODEL, '--out', out('c1'), '--threads', '1', '--quiet', join(corpus, 'two_channel_c1.tif'));
    expect(alone.code, alone.stderr).toBe(0);
    expect(readFileSync(join(out('c1'), 'two_channel.mask.png')).equals(readFileSync(join(out('c1'), 'two_channel_c1.mask.png')))).toBe(true);
    const c0 = segment(...MODEL, '--out', out('c0'), '--threads', '1', '--quiet', join(corpus, 'two_channel.ome.tif'));
    expect(c0.code, c0.stderr).toBe(0);
    expect(readFileSync(join(out('c0'), 'two_channel.mask.png')).equals(readFileSync(join(out('c1'), 'two_channel.mask.png')))).toBe(false);

    const bad = segment(...MODEL, '--out', out('c9'), '--channel', '9', '--quiet', join(corpus, 'two_channel.ome.tif'), join(corpus, 'stack_z3.ome.tif'));
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${join(corpus, 'stack_z3.ome.tif')}: --channel 9 does not exist: the image has 1 channel (C0), counted from 0`);
    expect(lines[1]).toMatch(/two_channel\.ome\.tif: --channel 9 does not exist: the image has 2 channels \(.+, .+\), counted from 0$/);
  });
});
