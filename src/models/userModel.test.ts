import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { parseManifest } from './manifest';
import { probePlan, tileMultipleFrom, userModelCard, userModelId, type ModelMeta, type ValueMeta } from './userModel';

const t = (name: string, shape: (number | string)[], type = 'float32'): ValueMeta => ({ name, isTensor: true, type, shape });
const meta = (input: (number | string)[], output: (number | string)[] = ['N', 1, 'H', 'W']): ModelMeta =>
  ({ inputs: [t('input', input)], outputs: [t('logits', output)] });
const file = { name: 'My U-Net (v2).onnx', bytes: 34629, sha256: 'ab'.repeat(32) };

/** The StudioError a call throws (fails the test when it throws nothing or something else). */
function refusal(f: () => unknown): StudioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    expect((e as StudioError).code).toBe('model-invalid');
    return e as StudioError;
  }
  throw new Error('expected a refusal');
}

describe('user model contract', () => {
  it('a dynamic N×1×H×W model gets the default card: tile 256, halo 32, gaussian, percentile 1–99.8, 0.5', () => {
    const card = userModelCard(file, meta(['N', 1, 'H', 'W']), [1, 1, 256, 256]);
    expect(card).toMatchObject({
      id: 'user:my-u-net-v2', name: file.name, user: true, sha256: file.sha256, bytes: file.bytes, threshold: 0.5,
      input: { channels: 1, tileMultiple: 16, name: 'input', normalization: { kind: 'percentile', low: 1, high: 99.8 } },
      output: { kind: 'sigmoid-logit', name: 'logits' },
      tiling: { tile: 256, halo: 32, blend: 'gaussian' },
    });
    expect(card.metrics).toBeUndefined();
    expect(card.input.batch).toBeUndefined();
    // Self-consistent with the manifest rules the bundled cards obey.
    expect(() => parseManifest({ version: 1, models: [card] })).not.toThrow();
  });

  it('unknown (-1) dims count as dynamic; a fixed square H×W becomes the tile, a fixed N = 1 the batch', () => {
    expect(probePlan('m.onnx', meta([-1, 1, -1, -1]))).toMatchObject({ tile: 256, fixedTile: false });
    const card = userModelCard(file, meta([1, 1, 128, 128], [1, 1, 128, 128]), [1, 1, 128, 128]);
    expect(card.tiling).toMatchObject({ tile: 128, halo: 32 });
    expect(card.input).toMatchObject({ tileMultiple: 128, batch: 1, fixedSize: 128 });
    expect(userModelCard(file, meta([1, 1, 96, 96]), [1, 1, 96, 96]).tiling.halo).toBe(24); // ≤ tile/4
  });

  it('refuses a 3-channel input with the message the person needs', () => {
    expect(refusal(() => probePlan('rgb.onnx', meta(['N', 3, 'H', 'W']))).message)
      .toBe('Cannot use "rgb.onnx": This model expects 3 input channels; the studio runs single-channel models (N×1×H×W).');
  });

  it('refuses a 2-class output, from the metadata and from the probe', () => {
    expect(refusal(() => probePlan('sm.onnx', meta(['N', 1, 'H', 'W'], ['N', 2, 'H', 'W']))).message).toMatch(/2 output channels \(a 2-class softmax head\?\).*one output channel of foreground logits/);
    expect(refusal(() => userModelCard(file, meta(['N', 1, 'H', 'W'], []), [1, 2, 256, 256])).message).toMatch(/2 output channels/);
  });

  it('refuses wrong ranks, types and counts, naming what it found', () => {
    expect(refusal(() => probePlan('r3.onnx', meta(['N', 'H', 'W']))).message).toMatch(/input "input" has rank 3 \[N, H, W\]; the studio runs rank-4/);
    expect(refusal(() => userModelCard(file, meta(['N', 1, 'H', 'W'], []), [1, 256, 256])).message).toMatch(/output is \[1, 256, 256\], rank 3/);
    expect(refusal(() => probePlan('f16.onnx', { inputs: [t('x', ['N', 1, 'H', 'W'], 'float16')], outputs: [t('y', [])] })).message).toMatch(/"x" is float16; the studio runs float32/);
    expect(refusal(() => probePlan('two.onnx', { inputs: [t('a', []), t('b', [])], outputs: [t('y', [])] })).message).toMatch(/2 inputs \("a", "b"\)/);
    expect(refusal(() => probePlan('seq.onnx', { inputs: [{ name: 'x', isTensor: false }], outputs: [t('y', [])] })).message).toMatch(/not a tensor/);
    expect(refusal(() => probePlan('b4.onnx', meta([4, 1, 'H', 'W']))).message).toMatch(/fixed batch of 4/);
    expect(refusal(() => probePlan('rect.onnx', meta([1, 1, 128, 96]))).message).toMatch(/must be square/);
  });

  it('refuses a valid-padding model: the output is cropped by N px', () => {
    expect(refusal(() => userModelCard({ ...file, name: 'valid.onnx' }, meta(['N', 1, 'H', 'W'], ['N', 1, 'h', 'w']), [1, 1, 254, 254])).message)
      .toBe('Cannot use "valid.onnx": for a 256×256 input the output is 254×254: the output is cropped by 1 px on each side (valid padding). ' +
        'Valid-padding models are not supported yet: the studio runs same-padded models whose output has the input\'s size.');
    expect(refusal(() => userModelCard(file, meta(['N', 1, 'H', 'W']), [1, 1, 512, 512])).message).toMatch(/output is 512×512: the studio runs same-padded/);
  });

  it('ids are user: + a sanitised file name', () => {
    expect(userModelId('Nuclei 2D/StarDist?.onnx')).toBe('user:nuclei-2d-stardist');
    expect(userModelId('***')).toBe('user:model');
  });
});

describe('tile multiple of a dynamic-size model', () => {
  const same = (size: number) => ({ size, outputDims: [1, 1, size, size] });
  it('is the smallest candidate whose probe at 256 − m ran with a same-size output', () => {
    expect(tileMultipleFrom(256, [same(240)])).toBe(16);
    expect(tileMultipleFrom(256, [{ size: 240, outputDims: null }, same(224)])).toBe(32);
    // A depth-6 model without skips: 240 and 224 run but come back smaller (floor in the pooling).
    expect(tileMultipleFrom(256, [{ size: 240, outputDims: [1, 1, 192, 192] }, { size: 224, outputDims: [1, 1, 192, 192] }, same(192)])).toBe(64);
    expect(tileMultipleFrom(256, [{ size: 240, outputDims: null }, { size: 224, outputDims: null }, { size: 192, outputDims: null }, { size: 128, outputDims: null }])).toBe(256);
  });
  it('goes into the card (a fixed-size model keeps its own size)', () => {
    expect(userModelCard(file, meta(['N', 1, 'H', 'W']), [1, 1, 256, 256], 32).input.tileMultiple).toBe(32);
    expect(userModelCard(file, meta(['N', 1, 'H', 'W']), [1, 1, 256, 256], 32).description).toMatch(/256-px tiles \(multiples of 32\), halo 32/);
    expect(userModelCard(file, meta([1, 1, 128, 128]), [1, 1, 128, 128]).input.tileMultiple).toBe(128);
  });
});
