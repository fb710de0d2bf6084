import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQuantized, parseManifest, type ModelCard } from './manifest';

/** The shipped manifest, so the int8 cards are checked against the fp32 cards they claim to come from. */
const shipped = JSON.parse(readFileSync('public/models/models.json', 'utf8')) as { version: 1; models: ModelCard[] };
const fp32 = shipped.models.find((c) => c.id === 'em-unet')!;
const int8 = (q: Record<string, unknown> = {}): ModelCard => ({
  ...fp32, id: 'x-int8', file: 'x-int8.onnx',
  quantization: { format: 'QOperator', weights: 'int8 per-channel', activations: 'uint8 per-tensor', calibration: '32 crops', of: 'em-unet', ...q } as ModelCard['quantization'],
});
const parse = (...extra: ModelCard[]) => parseManifest({ version: 1, models: [fp32, ...extra] });

describe('manifest quantization block', () => {
  it('accepts an operator-form int8 card and marks it quantized', () => {
    const m = parse(int8());
    expect(m.models[1].quantization?.of).toBe('em-unet');
    expect(m.models.map(isQuantized)).toEqual([false, true]);
  });

  it('refuses QDQ, missing fields and a dangling "of"', () => {
    expect(() => parse(int8({ format: 'QDQ' }))).toThrow(/"x-int8".*quantization.format must be "QOperator", got "QDQ"/);
    expect(() => parse(int8({ calibration: '' }))).toThrow(/quantization.calibration is missing/);
    expect(() => parse(int8({ of: 'nope' }))).toThrow(/quantization.of names no model \("nope"\)/);
    expect(() => parse({ ...int8(), quantization: 'int8' as unknown as ModelCard['quantization'] })).toThrow(/quantization must be an object/);
  });

  it('every shipped int8 card keeps the contract of its fp32 card and says how it was calibrated', () => {
    const m = parseManifest(shipped);
    const q = m.models.filter(isQuantized);
    expect(q.length).toBeGreaterThan(0);
    for (const c of q) {
      const of = m.models.find((o) => o.id === c.quantization!.of)!;
      expect(c.id).toBe(`${of.id}-int8`);
      expect(c.name).toMatch(/int8 \(CPU\)$/);
      for (const k of ['architecture', 'input', 'output', 'tiling', 'threshold'] as const) expect(c[k], `${c.id}.${k}`).toEqual(of[k]);
      expect(c.quantization!.calibration).toMatch(/^\d+ crops of training slices 00-19, method (minmax|percentile|entropy)$/);
      expect(c.bytes).toBeLessThan(of.bytes / 2);
    }
  });
});
