/**
 * "Open model (.onnx)": a person's own ONNX U-Net, checked and registered in this worker. The bytes came in
 * transferred (api.ts) and never leave the worker; nothing is uploaded or stored. Steps:
 * 1. cheap sniffing first (empty, or an image file picked by mistake), so the message names what it is;
 * 2. a WASM session (session.ts `inspectModel`): ORT's input/output metadata, then one probe run at the tile the
 *    card will use, and for a dynamic-size model probes at smaller sizes that find its tile multiple
 *    (models/userModel.ts decides all of it, pure);
 * 3. the card (sha256 computed here, so it is self-consistent with the bytes) goes into models.ts `userModels`,
 *    and the probe's session stays cached as the card's WASM session.
 * A refused model leaves everything as it was: no card, no session, the previous model of the same name kept.
 */
import { StudioError } from '../errors';
import type { ModelCard } from '../models/manifest';
import { MULTIPLE_CANDIDATES, probeFailed, probePlan, tileMultipleFrom, userModelCard } from '../models/userModel';
import { sha256Hex, userModels } from './models';
import { inspectModel } from './session';

const MAGIC: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a TIFF image', [0x49, 0x49, 0x2a, 0x00]],
  ['a TIFF image', [0x4d, 0x4d, 0x00, 0x2a]],
  ['a ZIP archive (a bioimage.io package? open the .onnx weights inside it)', [0x50, 0x4b, 0x03, 0x04]],
];

/** What the bytes are when they are plainly not ONNX, or undefined. */
function sniff(bytes: Uint8Array): string | undefined {
  return MAGIC.find(([, m]) => m.every((b, i) => bytes[i] === b))?.[0];
}

/** Check a person's ONNX file against the studio's contract and register its card; throws StudioError('model-invalid'). */
export async function openUserModel(buffer: ArrayBuffer, name: string): Promise<ModelCard> {
  const bytes = new Uint8Array(buffer);
  if (bytes.length === 0) throw new StudioError('model-invalid', `Cannot use "${name}": the file is empty (0 bytes).`);
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
    const plan = probePlan(name, inspected.meta);
    let dims: number[];
    try {
      dims = await inspected.probe(plan.inputName, plan.outputName, plan.tile);
    } catch (e) {
      throw probeFailed(name, plan, e instanceof Error ? e.message : String(e));
    }
    const file = { name, bytes: bytes.length, sha256: await sha256Hex(bytes) };
    userModelCard(file, inspected.meta, dims); // throws before the extra probes when the first one is wrong
    let multiple: number | undefined;
    if (!plan.fixedTile) {
      const probes = [];
      for (const m of MULTIPLE_CANDIDATES) {
        const size = plan.tile - m;
        const outputDims = await inspected.probe(plan.inputName, plan.outputName, size).catch(() => null);
        probes.push({ size, outputDims });
        if (tileMultipleFrom(plan.tile, probes) === m) break; // the smallest multiple that works: done
      }
      multiple = tileMultipleFrom(plan.tile, probes);
    }
    const card = userModelCard(file, inspected.meta, dims, multiple);
    userModels.set(card.id, { card, bytes });
    inspected.keep(card);
    return card;
  } catch (e) {
    await inspected.release().catch(() => undefined);
    throw e;
  }
}
