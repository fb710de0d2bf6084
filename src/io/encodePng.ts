import { encode } from 'fast-png';

/** 8-bit single-channel PNG (mask exports, test fixtures). */
export function encodeGrayPng(data: Uint8Array, width: number, height: number): Uint8Array {
  if (data.length !== width * height) throw new Error(`encodeGrayPng: ${data.length} values for ${width}×${height}`);
  return encode({ width, height, data, depth: 8, channels: 1 });
}
