/**
 * ImageJ/Fiji ROI set: a .zip of one .roi per object (File › Open or the ROI Manager's More › Open), named by
 * label. Binary layout of ij/io/RoiEncoder (version 228; header "Iout", big-endian, 64-byte header, coordinates,
 * 64-byte header2 with the name as UTF-16).
 *
 * Exactness: the outlines run on pixel corners (`measure/contours.ts`). ImageJ's PolygonFiller puts pixel (0,0)
 * in the square (0,0)–(1,1) and fills pixels whose centres are inside (even-odd), and a composite ROI's mask is
 * Java2D's fill of an even-odd path, also by pixel centres. Centres are never on corner-traced edges, so filling
 * the ROI gives back exactly the object's pixels (not 1 px less, cellpose#757).
 *  - An object with one outline and no holes → a traced polygon ROI (type 8, what ImageJ's wand makes), integer
 *    coordinates relative to the bounds.
 *  - An object with holes or several pieces → a composite ROI (type 1 with a shape array: MOVETO/LINETO/CLOSE
 *    segments in absolute float coordinates, even-odd), what ImageJ's "Create Selection" makes for such masks.
 */
import { zipSync } from 'fflate';
import type { ObjectPolygon } from '../measure/contours';

const VERSION = 228;
const HEADER = 64, HEADER2 = 64;
const TYPE_RECT = 1, TYPE_TRACED = 8;
const SEG_MOVETO = 0, SEG_LINETO = 1, SEG_CLOSE = 4;
/** RoiDecoder reads shorts below −5000 as unsigned, so coordinates up to 65535 − 5001 survive as shorts. */
const MAX_SHORT = 60534;

/** One object's .roi file. */
export function encodeRoi(name: string, polygons: readonly ObjectPolygon[]): Uint8Array {
  if (polygons.length === 0) throw new Error(`encodeRoi: object ${name} has no outline`);
  const [left, top, right, bottom] = bounds(polygons);
  const simple = polygons.length === 1 && polygons[0].holes.length === 0;
  const n = simple ? polygons[0].outer.length / 2 : 0;
  if (simple && n <= MAX_SHORT && right <= MAX_SHORT && bottom <= MAX_SHORT) return tracedRoi(name, polygons[0].outer, left, top, right, bottom);
  return compositeRoi(name, polygons, left, top, right, bottom);
}

/** The ROI set: `<label>.roi` entries in the given order, ROI names = labels. */
export function roiZip(objects: readonly { label: number; polygons: readonly ObjectPolygon[] }[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const o of objects) files[`${o.label}.roi`] = encodeRoi(String(o.label), o.polygons);
  return zipSync(files, { level: 6 });
}

function bounds(polygons: readonly ObjectPolygon[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of polygons) {
    const r = p.outer; // holes lie inside their outer ring
    for (let i = 0; i < r.length; i += 2) {
      x0 = Math.min(x0, r[i]); x1 = Math.max(x1, r[i]);
      y0 = Math.min(y0, r[i + 1]); y1 = Math.max(y1, r[i + 1]);
    }
  }
  return [x0, y0, x1, y1];
}

function header(size: number, type: number, left: number, top: number, right: number, bottom: number): { bytes: Uint8Array; dv: DataView } {
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  bytes.set([0x49, 0x6f, 0x75, 0x74]); // "Iout"
  dv.setUint16(4, VERSION);
  bytes[6] = type;
  dv.setUint16(8, Math.min(top, 0xffff));
  dv.setUint16(10, Math.min(left, 0xffff));
  dv.setUint16(12, Math.min(bottom, 0xffff));
  dv.setUint16(14, Math.min(right, 0xffff));
  return { bytes, dv };
}

/** header2 (positions 0, name offset/length) followed by the name in UTF-16BE. */
function putHeader2(dv: DataView, hdr2: number, name: string): void {
  dv.setInt32(60, hdr2);
  dv.setInt32(hdr2 + 16, hdr2 + HEADER2); // NAME_OFFSET
  dv.setInt32(hdr2 + 20, name.length); // NAME_LENGTH (chars)
  for (let i = 0; i < name.length; i++) dv.setUint16(hdr2 + HEADER2 + 2 * i, name.charCodeAt(i));
}

function tracedRoi(name: string, ring: number[], left: number, top: number, right: number, bottom: number): Uint8Array {
  const n = ring.length / 2;
  const hdr2 = HEADER + 4 * n;
  const { bytes, dv } = header(hdr2 + HEADER2 + 2 * name.length, TYPE_TRACED, left, top, right, bottom);
  dv.setUint16(16, n);
  for (let i = 0; i < n; i++) {
    dv.setUint16(HEADER + 2 * i, ring[2 * i] - left);
    dv.setUint16(HEADER + 2 * n + 2 * i, ring[2 * i + 1] - top);
  }
  putHeader2(dv, hdr2, name);
  return bytes;
}

function compositeRoi(name: string, polygons: readonly ObjectPolygon[], left: number, top: number, right: number, bottom: number): Uint8Array {
  const shape: number[] = [];
  for (const p of polygons) {
    for (const r of [p.outer, ...p.holes]) {
      shape.push(SEG_MOVETO, r[0], r[1]);
      for (let i = 2; i < r.length; i += 2) shape.push(SEG_LINETO, r[i], r[i + 1]);
      shape.push(SEG_CLOSE);
    }
  }
  const hdr2 = HEADER + 4 * shape.length;
  const { bytes, dv } = header(hdr2 + HEADER2 + 2 * name.length, TYPE_RECT, left, top, right, bottom);
  dv.setInt32(36, shape.length); // SHAPE_ROI_SIZE > 0 marks a composite ROI
  shape.forEach((v, i) => dv.setFloat32(HEADER + 4 * i, v));
  putHeader2(dv, hdr2, name);
  return bytes;
}
