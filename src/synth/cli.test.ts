import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { generateCells } from './cells';
import { parseArgs, runSynth, toPngSamples } from './cli';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm run synth', () => {
  it('parses --key value and --key=value, with defaults', () => {
    expect(parseArgs(['--kind', 'dic', '--n=3', '--size', '64', '--seed', '9', '--out', 'x'])).toEqual({
      kind: 'dic', n: 3, size: 64, seed: 9, out: 'x', bits: 'auto',
    });
    expect(parseArgs(['--out', 'y'])).toMatchObject({ kind: 'phase', n: 24, size: 256, seed: 1 });
  });

  it('rejects bad options and lists the valid values', () => {
    expect(() => parseArgs(['--kind', 'brightfield', '--out', 'x'])).toThrow(/phase, dic, nuclei, mixed/);
    expect(() => parseArgs(['--n', '0', '--out', 'x'])).toThrow(/--n must be an integer in 1\.\./);
    expect(() => parseArgs(['--kind', 'phase'])).toThrow(/--out DIR is required/);
    expect(() => parseArgs(['--colour', 'red', '--out', 'x'])).toThrow(/unknown option --colour/);
  });

  it('writes images/NNN.png and masks/NNN.png (16-bit labels) that reproduce generateCells', () => {
    const out = mkdtempSync(join(tmpdir(), 'synth-'));
    dirs.push(out);
    const records = runSynth(parseArgs(['--kind', 'mixed', '--n', '4', '--size', '64', '--seed', '2', '--out', out]));
    expect(readdirSync(join(out, 'images')).sort()).toEqual(['000.png', '001.png', '002.png', '003.png']);
    expect(readdirSync(join(out, 'masks')).sort()).toEqual(['000.png', '001.png', '002.png', '003.png']);
    expect(records.map((r) => r.kind)).toEqual(['phase', 'dic', 'nuclei', 'phase']);
    const manifest = JSON.parse(readFileSync(join(out, 'synth.json'), 'utf8'));
    expect(manifest.images).toEqual(records);
    for (const r of records) {
      const g = generateCells({ kind: r.kind, width: 64, height: 64, seed: r.seed });
      const img = decode(readFileSync(join(out, 'images', `${r.name}.png`)));
      const mask = decode(readFileSync(join(out, 'masks', `${r.name}.png`)));
      expect([img.width, img.height, img.channels, img.depth]).toEqual([64, 64, 1, r.kind === 'nuclei' ? 16 : 8]);
      expect([mask.width, mask.height, mask.channels, mask.depth]).toEqual([64, 64, 1, 16]);
      expect(Array.from(mask.data)).toEqual(Array.from(g.labels));
      expect(Array.from(img.data)).toEqual(Array.from(toPngSamples(g.image, r.kind, 'auto').data));
      expect(Math.max(...mask.data)).toBe(r.cells);
    }
    // A different seed gives a different dataset.
    const out2 = mkdtempSync(join(tmpdir(), 'synth-'));
    dirs.push(out2);
    runSynth(parseArgs(['--kind', 'mixed', '--n', '1', '--size', '64', '--seed', '3', '--out', out2]));
    expect(readFileSync(join(out2, 'images', '000.png'))).not.toEqual(readFileSync(join(out, 'images', '000.png')));
  });

  it('rounds and clamps into the PNG depth, rescaling off-native depths', () => {
    const v = Float32Array.from([-3, 0.4, 100.6, 300, 4095]);
    expect(Array.from(toPngSamples(v, 'phase', 'auto').data)).toEqual([0, 0, 101, 255, 255]);
    expect(toPngSamples(v, 'nuclei', 'auto')).toMatchObject({ depth: 16 });
    expect(Array.from(toPngSamples(v, 'nuclei', 'auto').data)).toEqual([0, 0, 101, 300, 4095]);
    expect(Array.from(toPngSamples(v, 'nuclei', '8').data)).toEqual([0, 0, 6, 19, 255]);
    expect(Array.from(toPngSamples(Float32Array.from([255]), 'dic', '16').data)).toEqual([65535]);
  });
});
