import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { findRdf, readRdf } from './bioimageRdf';
import { parseManifest } from './manifest';
import { userModelCard, type ModelMeta } from './userModel';

/** Small hand-written rdf.yaml texts in the shapes of bioimage.io model spec 0.4 and 0.5. */
const RDF_04 = `
format_version: 0.4.10
type: model
name: Nuclei U-Net 0.4
description: Segments nuclei in fluorescence images.
license: MIT
authors:
  - name: Ada Lovelace
  - name: Alan Turing
cite:
  - text: "Ronneberger et al. U-Net"
    doi: 10.1007/978-3-319-24574-4_28
inputs:
  - name: raw
    axes: bcyx
    data_type: float32
    shape:
      min: [1, 1, 64, 64]
      step: [0, 0, 16, 16]
    preprocessing:
      - name: scale_range
        kwargs: {mode: per_sample, axes: xy, min_percentile: 2, max_percentile: 99.5}
outputs:
  - name: logits
    axes: bcyx
    halo: [0, 0, 24, 24]
weights:
  onnx:
    source: weights.onnx
  torchscript:
    source: weights.pt
`;

const RDF_05 = (pre: string, extra = '') => `
format_version: 0.5.3
type: model
name: Tiny U-Net 0.5
description: A test model.
license: CC-BY-4.0
authors: [{name: Grace Hopper}]
cite: [{text: "Hopper 1952", url: "https://example.org/paper"}]
inputs:
  - id: raw
    axes:
      - type: batch
      - type: channel
        channel_names: [raw]
      - {type: space, id: y, size: 128}
      - {type: space, id: x, size: 128}
    preprocessing:
${pre}
outputs:
  - id: logits
    axes:
      - type: batch
      - {type: channel, channel_names: [fg]}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 16}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 16}
${extra}
weights:
  onnx: {source: model/tiny.onnx, opset_version: 17}
`;
const ZMUV = `      - id: ensure_dtype
        kwargs: {dtype: float32}
      - id: zero_mean_unit_variance
        kwargs: {axes: [y, x], eps: 1.0e-6}`;

/** The StudioError a call throws (fails the test when it throws nothing or something else). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return (e as StudioError).message;
  }
  throw new Error('expected a refusal');
}

describe('bioimage.io rdf.yaml → card fields', () => {
  it('0.4: weights.onnx.source, scale_range percentiles, bcyx shape min/step → a tile near 256, halo from outputs[0].halo', () => {
    const r = readRdf('pkg.zip', 'rdf.yaml', RDF_04, ['rdf.yaml', 'weights.onnx', 'weights.pt']);
    expect(r).toMatchObject({
      onnxPath: 'weights.onnx', name: 'Nuclei U-Net 0.4', license: 'MIT', halo: 24,
      normalization: { kind: 'percentile', low: 2, high: 99.5 },
      tile: { size: 256, fixed: false }, // 64 + 12·16
    });
    expect(r.about).toBe('Segments nuclei in fluorescence images. License: MIT. ' +
      'By Ada Lovelace, Alan Turing; cite: Ronneberger et al. U-Net, doi:10.1007/978-3-319-24574-4_28.');
  });

  it('0.5: axis objects with a fixed size, zero_mean_unit_variance (ensure_dtype ignored), weights relative to the rdf folder', () => {
    const r = readRdf('pkg.zip', 'pkg/rdf.yaml', RDF_05(ZMUV), ['pkg/rdf.yaml', 'pkg/model/tiny.onnx']);
    expect(r).toMatchObject({
      onnxPath: 'pkg/model/tiny.onnx', name: 'Tiny U-Net 0.5', license: 'CC-BY-4.0', halo: 16,
      normalization: { kind: 'zscore', eps: 1e-6 }, tile: { size: 128, fixed: true },
    });
    expect(r.about).toContain('By Grace Hopper; cite: Hopper 1952, https://example.org/paper.');
  });

  it('the mapped fields reach the card (and the card obeys the manifest rules)', () => {
    const meta: ModelMeta = { inputs: [{ name: 'raw', isTensor: true, type: 'float32', shape: ['N', 1, 'H', 'W'] }], outputs: [{ name: 'logits', isTensor: true, type: 'float32', shape: ['N', 1, 'H', 'W'] }] };
    const rdf = readRdf('nuclei.zip', 'rdf.yaml', RDF_04, ['rdf.yaml', 'weights.onnx']);
    const card = userModelCard({ name: 'nuclei.zip', bytes: 2048, sha256: 'ab'.repeat(32) }, meta, [1, 1, 256, 256], 16, rdf);
    expect(card).toMatchObject({
      id: 'user:nuclei', name: 'Nuclei U-Net 0.4', license: 'MIT', user: true,
      input: { normalization: { kind: 'percentile', low: 2, high: 99.5 }, tileMultiple: 16 },
      tiling: { tile: 256, halo: 24 },
    });
    expect(card.description).toMatch(/^Segments nuclei.*License: MIT\. By Ada Lovelace.*percentile 2–99\.5 \(scale_range\) normalisation/);
    expect(() => parseManifest({ version: 1, models: [card] })).not.toThrow();
    const fixed = userModelCard({ name: 't.zip', bytes: 1, sha256: 'x' }, meta, [1, 1, 128, 128], 16, readRdf('t.zip', 'rdf.yaml', RDF_05(ZMUV), ['rdf.yaml', 'model/tiny.onnx']));
    expect(fixed.input).toMatchObject({ fixedSize: 128, tileMultiple: 128, normalization: { kind: 'zscore' } });
  });

  it('finds rdf.yaml / bioimageio.yaml, shallowest first', () => {
    expect(findRdf(['a/b/rdf.yaml', 'a/rdf.yaml', 'x.onnx'])).toBe('a/rdf.yaml');
    expect(findRdf(['unet.bioimageio.yaml', 'w.onnx'])).toBe('unet.bioimageio.yaml');
    expect(findRdf(['model.onnx', 'README.md'])).toBeUndefined();
  });

  it('refuses: no ONNX weights (naming what it has), 3 channels, other preprocessing, sigmoid postprocessing, weights not in the zip', () => {
    const noOnnx = RDF_04.replace(/ {2}onnx:\n {4}source: weights.onnx\n/, '').replace('weights:', 'weights:\n  pytorch_state_dict:\n    source: w.pth');
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', noOnnx, ['rdf.yaml']))).toBe(
      'Cannot use "p.zip": this package has no ONNX weights (it has: pytorch_state_dict, torchscript). The studio runs ONNX; convert the model with bioimageio.core or choose its ONNX export.');
    const rgb = RDF_05(ZMUV).replace('channel_names: [raw]', 'channel_names: [r, g, b]');
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', rgb, ['rdf.yaml', 'model/tiny.onnx']))).toBe(
      'Cannot use "p.zip": This model expects 3 input channels; the studio runs single-channel models (N×1×H×W).');
    const rgb04 = RDF_04.replace('min: [1, 1, 64, 64]', 'min: [1, 3, 64, 64]');
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', rgb04, ['rdf.yaml', 'weights.onnx']))).toMatch(/expects 3 input channels/);
    const clip = RDF_05('      - id: clip\n        kwargs: {min: 0, max: 1}');
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', clip, ['rdf.yaml', 'model/tiny.onnx']))).toMatch(/asks for the preprocessing "clip"; the studio supports scale_range and zero_mean_unit_variance only/);
    const sigmoid = RDF_05(ZMUV, '    postprocessing:\n      - id: sigmoid');
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', sigmoid, ['rdf.yaml', 'model/tiny.onnx']))).toMatch(/applies a sigmoid after the network .*Export the model without its final sigmoid/);
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', RDF_05(ZMUV), ['rdf.yaml']))).toMatch(/its ONNX weights "model\/tiny\.onnx" are not in the zip/);
    expect(refusal(() => readRdf('p.zip', 'rdf.yaml', 'name: [unclosed', ['rdf.yaml']))).toMatch(/its rdf\.yaml is not valid YAML/);
  });
});
