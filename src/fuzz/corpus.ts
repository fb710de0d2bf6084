/**
 * The fuzz corpus (issue #17): small valid files of every kind the studio opens, written by the repo's own
 * encoders (and jpeg-js, fflate) so the corpus needs nothing outside node_modules: PNG (8-bit grey), JPEG,
 * TIFF (8-bit, 16-bit, float32), BigTIFF (16-bit), OME-TIFF (a 2-plane Z stack), a bioimage.io model zip
 * (rdf.yaml 0.5 + the fixture ONNX) and ONNX models (the bundled fixture and the e2e wrong-model fixtures).
 * `npm run fuzz:corpus -- DIR` writes it out (for `npm run segment` and by hand).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { encodeOmeTiff } from '../io/encodeOmeTiff';
import { encodeGrayPng } from '../io/encodePng';
import { encodeTiff } from '../io/encodeTiff';
import { bigTiffU16 } from '../io/testBytes';

export type CorpusKind = 'image' | 'model';

export interface CorpusFile {
  name: string;
  kind: CorpusKind;
  bytes: Uint8Array;
  /** A valid file the studio refuses by contract (a 2-class model): its base case must end in a StudioError. */
  refused?: boolean;
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const W = 40, H = 24;
const ramp = (f: (x: number, y: number) => number) => Array.from({ length: W * H }, (_, i) => f(i % W, Math.floor(i / W)));

const rdf = `type: model
format_version: 0.5.3
name: Fuzz U-Net
description: the fixture U-Net packaged for the fuzz corpus
authors: [{name: Fuzz}]
cite: [{text: Ronneberger et al. 2015, doi: 10.1007/978-3-319-24574-4_28}]
license: MIT
documentation: README.md
inputs:
  - id: input
    axes:
      - {type: batch}
      - {type: channel, channel_names: [raw]}
      - {id: y, type: space, size: {min: 64, step: 16}}
      - {id: x, type: space, size: {min: 64, step: 16}}
    preprocessing:
      - id: scale_range
        kwargs: {axes: [y, x], min_percentile: 1, max_percentile: 99.8}
outputs:
  - id: logits
    axes:
      - {type: batch}
      - {type: channel, channel_names: [fg]}
      - {id: y, type: space, size: {tensor_id: input, axis_id: y}}
      - {id: x, type: space, size: {tensor_id: input, axis_id: x}}
weights:
  onnx: {source: weights/model.onnx, opset_version: 17}
`;

/** Every valid base file of the corpus (deterministic bytes). */
export function baseCorpus(): CorpusFile[] {
  const u8 = Uint8Array.from(ramp((x, y) => (x * 5 + y * 7) % 256));
  const u16 = Uint16Array.from(ramp((x, y) => (x * 1000 + y * 37) % 65536));
  const f32 = Float32Array.from(ramp((x, y) => Math.sin(x / 5) * Math.cos(y / 3)));
  const rgba = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) rgba.set([u8[i], 255 - u8[i], (u8[i] * 3) % 256, 255], i * 4);
  const onnx = new Uint8Array(readFileSync(join(repo, 'public/models/fixture-tiny-unet.onnx')));
  const fixture = (f: string) => new Uint8Array(readFileSync(join(repo, 'e2e/fixtures', f)));
  return [
    { name: 'grey.png', kind: 'image', bytes: encodeGrayPng(u8, W, H) },
    { name: 'colour.jpg', kind: 'image', bytes: new Uint8Array(jpeg.encode({ data: rgba, width: W, height: H }, 90).data) },
    { name: 'u8.tif', kind: 'image', bytes: encodeTiff(u8, W, H) },
    { name: 'u16.tif', kind: 'image', bytes: encodeTiff(u16, W, H) },
    { name: 'f32.tif', kind: 'image', bytes: encodeTiff(f32, W, H) },
    { name: 'big.tif', kind: 'image', bytes: bigTiffU16(u16, W, H) },
    { name: 'stack.ome.tif', kind: 'image', bytes: encodeOmeTiff({ width: W, height: H, planes: [u16, u16.map((v) => 65535 - v)], sizeZ: 2, sizeT: 1, name: 'fuzz', pixelSize: { x: 0.5, y: 0.5, unit: 'µm' } }) },
    { name: 'package.zip', kind: 'model', bytes: zipSync({ 'rdf.yaml': strToU8(rdf), 'weights/model.onnx': onnx }) },
    { name: 'tiny.onnx', kind: 'model', bytes: onnx },
    { name: 'fixed96.onnx', kind: 'model', bytes: fixture('fixed96.onnx') },
    { name: 'two-class.onnx', kind: 'model', bytes: fixture('two-class.onnx'), refused: true },
  ];
}
