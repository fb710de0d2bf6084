/**
 * A bioimage.io model package (model spec 0.4) of a fine-tuned model: rdf.yaml, the ONNX weights (with their
 * sha256), and test tensors (.npy: an input crop and the model's logits for it), zipped with fflate. The rdf
 * says what the studio's own importer (models/bioimageRdf.ts) reads back: scale_range percentiles as the card's
 * normalisation, bcyx input with a tile-multiple step, the halo, logits with no postprocessing. Pure.
 */
import { zipSync } from 'fflate';
import { stringify } from 'yaml';
import type { ModelCard } from '../models/manifest';

/** A float32 C-order .npy file (format 1.0). */
export function npy(data: Float32Array, shape: number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.length * 4), 10 + header.length);
  return out;
}

export interface TestTensors { input: Float32Array; output: Float32Array; size: number }

/** The package's files (rdf.yaml, weights, test tensors) zipped. */
export function bioimagePackage(onnx: Uint8Array, card: ModelCard, test: TestTensors): Uint8Array {
  const n = card.input.normalization;
  const pre = n.kind === 'percentile'
    ? [{ name: 'scale_range', kwargs: { mode: 'per_sample', axes: 'xy', min_percentile: n.low, max_percentile: n.high } }]
    : n.kind === 'zscore' ? [{ name: 'zero_mean_unit_variance', kwargs: { mode: 'per_sample', axes: 'xy', eps: n.eps } }] : [];
  const ft = card.finetune;
  const rdf = {
    format_version: '0.4.10',
    type: 'model',
    name: card.name,
    description: card.description,
    authors: [{ name: 'Segmentation Studio fine-tuning (in the browser)' }],
    cite: [{ text: 'Ronneberger, Fischer, Brox: U-Net (2015)', doi: '10.1007/978-3-319-24574-4_28' }],
    license: card.license || 'MIT',
    documentation: 'README.md',
    tags: ['unet', 'segmentation', 'fine-tuned', 'segmentation-studio'],
    timestamp: new Date().toISOString(),
    inputs: [{
      name: card.input.name || 'input', axes: 'bcyx', data_type: 'float32', data_range: [-Infinity, Infinity],
      shape: { min: [1, 1, card.input.tileMultiple, card.input.tileMultiple], step: [0, 0, card.input.tileMultiple, card.input.tileMultiple] },
      ...(pre.length ? { preprocessing: pre } : {}),
    }],
    outputs: [{
      name: card.output.name || 'logits', axes: 'bcyx', data_type: 'float32', data_range: [-Infinity, Infinity],
      shape: { reference_tensor: card.input.name || 'input', scale: [1, 1, 1, 1], offset: [0, 0, 0, 0] },
      halo: [0, 0, card.tiling.halo, card.tiling.halo],
    }],
    test_inputs: ['test_input.npy'],
    test_outputs: ['test_output.npy'],
    weights: { onnx: { source: 'weights.onnx', sha256: card.sha256, opset_version: 17 } },
    config: { segmentation_studio: { threshold: card.threshold, tile: card.tiling.tile, finetune: ft ?? null } },
  };
  const readme = `# ${card.name}\n\n${card.description}\n\nOutput: foreground logits (apply a sigmoid; threshold ${card.threshold}).\n`;
  return zipSync({
    'rdf.yaml': new TextEncoder().encode(stringify(rdf)),
    'weights.onnx': onnx,
    'test_input.npy': npy(test.input, [1, 1, test.size, test.size]),
    'test_output.npy': npy(test.output, [1, 1, test.size, test.size]),
    'README.md': new TextEncoder().encode(readme),
  });
}
