/**
 * The contract check behind "Open model (.onnx)" (userModels.ts), with the ONNX inspector passed in so that Node
 * (the fuzz test, onnxruntime-node) runs the very same steps. A person's own ONNX U-Net, or a bioimage.io model package (.zip with rdf.yaml and ONNX
 * weights: unzipped here with fflate, the rdf mapped by models/bioimageRdf.ts, its ONNX bytes then checked by the
 * very same steps as a bare .onnx), checked and registered in this worker. The bytes came in
 * transferred (api.ts) and never leave the worker; nothing is uploaded or stored. Steps:
 * 1. cheap sniffing first (empty, or an image file picked by mistake), so the message names what it is;
 * 2. a WASM session (session.ts `inspectModel`): ORT's input/output metadata, then one probe run at the tile the
 *    card will use, and for a dynamic-size model probes at smaller sizes that find its tile multiple
 *    (models/userModel.ts decides all of it, pure);
 * 3. the card (sha256 computed here, so it is self-consistent with the bytes) goes into models.ts `userModels`,
 *    and the probe's session stays cached as the card's WASM session.
 * A refused model leaves everything as it was: no card, no session, the previous model of the same name kept.
 */
import { strFromU8, unzipSync } from 'fflate';
import { StudioError } from '../errors';
import { sniffFormat } from '../io/decode';
import { findRdf, readRdf, type RdfModel } from '../models/bioimageRdf';
import type { ModelCard } from '../models/manifest';
import { probeUserModelCard } from '../models/userModel';
import { sha256Hex, userModels } from './models';
import type { InspectedModel } from './session';

const IMAGE_KIND = { png: 'a PNG image', jpeg: 'a JPEG image', tiff: 'a TIFF image' } as const;
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** A bioimage.io package: its rdf mapped, and the ONNX weights' bytes read out of the zip. */
function openPackage(bytes: Uint8Array, name: string): { rdf: RdfModel; onnx: Uint8Array } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new StudioError('model-invalid', `Cannot use "${name}": it is a ZIP archive that cannot be read (${e instanceof Error ? e.message : String(e)}). It may be cut off (download it again).`);
  }
  const entries = Object.keys(files);
  const rdfPath = findRdf(entries);
  if (!rdfPath)
    throw new StudioError('model-invalid', `Cannot use "${name}": it is a ZIP archive without rdf.yaml, so not a bioimage.io model package. ` +
      'Open a bioimage.io package (.zip with rdf.yaml and ONNX weights) or the model\'s .onnx file.');
  const rdf = readRdf(name, rdfPath, strFromU8(files[rdfPath]), entries);
  return { rdf, onnx: files[rdf.onnxPath] };
}

/** What the bytes are when they are plainly not ONNX, or undefined. */
function sniff(bytes: Uint8Array): string | undefined {
  const f = sniffFormat(bytes); // the image decoder's own signatures (BigTIFF included)
  return f ? IMAGE_KIND[f] : undefined;
}

/** Opens ONNX bytes for inspection: session.ts `inspectModel` in the worker, onnxruntime-node in the fuzz test. */
export type Inspect = (bytes: Uint8Array) => Promise<InspectedModel>;

/**
 * Check a person's ONNX file (or bioimage.io zip) against the studio's contract and register its card; throws
 * StudioError('model-invalid'). The worker passes session.ts `inspectModel` (userModels.ts).
 */
export async function checkUserModel(buffer: ArrayBuffer, name: string, inspectModel: Inspect): Promise<ModelCard> {
  let bytes: Uint8Array = new Uint8Array(buffer);
  if (bytes.length === 0) throw new StudioError('model-invalid', `Cannot use "${name}": the file is empty (0 bytes).`);
  let rdf: RdfModel | undefined;
  if (ZIP.every((b, i) => bytes[i] === b)) ({ rdf, onnx: bytes } = openPackage(bytes, name));
  const kind = sniff(bytes);
  if (kind) throw new StudioError('model-invalid', `Cannot use "${name}": it is ${kind}, not an ONNX model. Choose the model's .onnx file.`);
  let inspected;
  try {
    inspected = await inspectModel(bytes);
  } catch (e) {
    throw new StudioError('model-invalid',
      `Cannot use "${name}": it is not an ONNX model that onnxruntime can read (${e instanceof Error ? e.message : String(e)}). ` +
      'It may be cut off (download it again) or not an .onnx file.');
  }
  try {
    const file = { name, bytes: bytes.length, sha256: await sha256Hex(bytes) };
    const card = await probeUserModelCard(file, inspected.meta, inspected.probe, rdf);
    userModels.set(card.id, { card, bytes });
    inspected.keep(card);
    return card;
  } catch (e) {
    await inspected.release().catch(() => undefined);
    throw e;
  }
}
