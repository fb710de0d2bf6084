/**
 * Minimal baseline TIFF writer (TIFF 6.0): little-endian, one uncompressed strip, one sample per pixel,
 * BlackIsZero. Uint8Array → 8-bit uint, Uint16Array → 16-bit uint, Float32Array → 32-bit IEEE float
 * (SampleFormat 3). Used for test fixtures and float/16-bit exports that PNG cannot hold.
 */
export function encodeTiff(data: Uint8Array | Uint16Array | Float32Array, width: number, height: number): Uint8Array {
  if (data.length !== width * height) throw new Error(`encodeTiff: ${data.length} values for ${width}×${height}`);
  const bits = data.BYTES_PER_ELEMENT * 8;
  const sampleFormat = data instanceof Float32Array ? 3 : 1;
  const SHORT = 3, LONG = 4;
  const entries: [tag: number, type: number, value: number][] = [
    [256, LONG, width], // ImageWidth
    [257, LONG, height], // ImageLength
    [258, SHORT, bits], // BitsPerSample
    [259, SHORT, 1], // Compression: none
    [262, SHORT, 1], // PhotometricInterpretation: BlackIsZero
    [273, LONG, 0], // StripOffsets (filled below)
    [277, SHORT, 1], // SamplesPerPixel
    [278, LONG, height], // RowsPerStrip: one strip
    [279, LONG, data.byteLength], // StripByteCounts
    [284, SHORT, 1], // PlanarConfiguration: chunky
    [339, SHORT, sampleFormat], // SampleFormat
  ]; // tags must be ascending (TIFF 6.0 §2)
  const ifdLen = 2 + entries.length * 12 + 4;
  const dataOff = Math.ceil((8 + ifdLen) / 16) * 16; // aligned so readers may view the strip directly
  entries[5][2] = dataOff;
  const out = new Uint8Array(dataOff + data.byteLength);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]); // "II*\0"
  dv.setUint32(4, 8, true);
  dv.setUint16(8, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const o = 10 + i * 12;
    dv.setUint16(o, tag, true);
    dv.setUint16(o + 2, type, true);
    dv.setUint32(o + 4, 1, true); // count
    if (type === SHORT) dv.setUint16(o + 8, value, true); // left-justified in the 4-byte value field
    else dv.setUint32(o + 8, value, true);
  });
  dv.setUint32(10 + entries.length * 12, 0, true); // no next IFD
  // Pixel bytes in little-endian order regardless of the host (DataView, not a typed-array view).
  if (data instanceof Uint8Array) out.set(data, dataOff);
  else if (data instanceof Uint16Array) for (let i = 0; i < data.length; i++) dv.setUint16(dataOff + 2 * i, data[i], true);
  else for (let i = 0; i < data.length; i++) dv.setFloat32(dataOff + 4 * i, data[i], true);
  return out;
}
