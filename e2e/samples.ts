/**
 * Small generated sample files for the e2e specs, written in the test process: a seeded "cells" image (bright
 * blobs on a textured background, so a network has structure to react to) as 8-bit PNG or 16-bit TIFF.
 */
import { encode as encodePng } from 'fast-png';
import { encodeTiff } from '../src/io/encodeTiff';
import { mulberry32 } from '../src/synth/prng';

/** Seeded, so every run writes the same bytes. */
const prng = mulberry32;

/** Values in [0, 1): background gradient + noise + a few gaussian blobs. */
export function cellsImage(width: number, height: number, seed = 7): Float32Array {
  const rnd = prng(seed);
  const out = new Float32Array(width * height);
  const blobs = Array.from({ length: Math.max(3, Math.round((width * height) / 1500)) }, () => ({
    x: rnd() * width, y: rnd() * height, r: 4 + rnd() * 9, a: 0.4 + rnd() * 0.5,
  }));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[y * width + x] = 0.15 + 0.1 * (x / width) + 0.08 * rnd();
  // Each blob only within 3σ of its centre, so big images stay cheap.
  for (const b of blobs) {
    const R = Math.ceil(3 * b.r);
    for (let y = Math.max(0, Math.floor(b.y) - R); y < Math.min(height, Math.floor(b.y) + R + 1); y++)
      for (let x = Math.max(0, Math.floor(b.x) - R); x < Math.min(width, Math.floor(b.x) + R + 1); x++) {
        const d2 = (x - b.x) ** 2 + (y - b.y) ** 2;
        if (d2 < 9 * b.r * b.r) out[y * width + x] += b.a * Math.exp(-d2 / (2 * b.r * b.r));
      }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(0.999, out[i]);
  return out;
}

export function cellsPng(width: number, height: number, seed = 7): Uint8Array {
  const v = cellsImage(width, height, seed);
  const data = Uint8Array.from(v, (x) => Math.round(x * 255));
  return encodePng({ width, height, data, channels: 1, depth: 8 });
}

export function cellsTiff16(width: number, height: number, seed = 7): Uint8Array {
  const v = cellsImage(width, height, seed);
  return encodeTiff(Uint16Array.from(v, (x) => Math.round(x * 4095)), width, height);
}
