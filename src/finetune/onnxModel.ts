/**
 * Read an ONNX model's graph and float32 initializers, and write new weights back into the same initializers.
 * The model is decoded with onnx-proto (the ONNX project's onnx.proto compiled to static protobufjs code, so no
 * `new Function` code generation at run time: the page's CSP allows no 'unsafe-eval'); everything but the
 * replaced initializer data is re-encoded as it was, so the result
 * is the same graph with new numbers and runs in the same onnxruntime pipeline as every other model.
 * Pure: no DOM, no tfjs, no ORT.
 */
import onnxProto from 'onnx-proto';
import { StudioError } from '../errors';

const ModelProto = onnxProto.onnx.ModelProto;
/** int64 fields decode as protobufjs Long objects where the 'long' module loads, else as numbers. */
type Long = { toString(): string };
type Message = Record<string, unknown>;

/** ONNX TensorProto.DataType.FLOAT */
const FLOAT = 1;

/** One node attribute, reduced to the kinds the U-Net ops use. */
export type AttrValue = number | number[] | string | undefined;

/** A graph node as the layer mapper sees it. */
export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

/** The parts of a decoded model the fine-tuner needs; `raw` keeps the decoded message for writing back. */
export interface OnnxModel {
  nodes: OnnxNode[];
  inputName: string;
  outputName: string;
  /** float32 initializers by name, with their dims (copies: changing them does not change the model). */
  weights: Map<string, { dims: number[]; data: Float32Array }>;
  opset: number;
  raw: Message;
}

interface RawTensor { name: string; dims: (number | Long)[]; dataType: number; rawData?: Uint8Array; floatData?: number[]; dataLocation?: number }
interface RawAttr { name: string; type: number; i?: number | Long; f?: number; s?: Uint8Array; ints?: (number | Long)[]; floats?: number[] }
interface RawNode { opType: string; name?: string; input: string[]; output: string[]; attribute?: RawAttr[]; domain?: string }
interface RawGraph { node: RawNode[]; initializer: RawTensor[]; input: { name: string }[]; output: { name: string }[] }

const num = (v: number | Long): number => (typeof v === 'number' ? v : Number(String(v))); // int64 fields

function attrValue(a: RawAttr): AttrValue {
  switch (a.type) {
    case 1: return a.f ?? 0; // FLOAT
    case 2: return num(a.i ?? 0); // INT
    case 3: return new TextDecoder().decode(a.s ?? new Uint8Array()); // STRING
    case 6: return [...(a.floats ?? [])]; // FLOATS
    case 7: return (a.ints ?? []).map(num); // INTS
    default: return undefined; // tensors, graphs: not used by the ops the mapper knows
  }
}

function tensorData(t: RawTensor): Float32Array {
  if (t.rawData && t.rawData.length) {
    // rawData is little-endian float32; copy to an aligned buffer (it may be a view at any byte offset, and
    // in Node a Buffer whose slice() does not copy).
    const copy = new Uint8Array(t.rawData.length);
    copy.set(t.rawData);
    return new Float32Array(copy.buffer);
  }
  return Float32Array.from(t.floatData ?? []);
}

/** Decode ONNX bytes; throws StudioError('model-invalid') when they are not a model protobufjs can read. */
export function readOnnx(bytes: Uint8Array, name = 'model'): OnnxModel {
  let raw: Message;
  try {
    raw = ModelProto.decode(bytes) as unknown as Message;
  } catch (e) {
    throw new StudioError('model-invalid', `Cannot fine-tune "${name}": it is not an ONNX model (${e instanceof Error ? e.message : String(e)}).`);
  }
  const graph = raw.graph as RawGraph | undefined;
  if (!graph || !graph.node?.length) throw new StudioError('model-invalid', `Cannot fine-tune "${name}": the ONNX file has no graph.`);
  const weights = new Map<string, { dims: number[]; data: Float32Array }>();
  for (const t of graph.initializer ?? []) {
    if (t.dataType !== FLOAT) continue;
    if (t.dataLocation === 1) throw new StudioError('model-invalid', `Cannot fine-tune "${name}": its weights live in an external data file; export them inside the .onnx.`);
    weights.set(t.name, { dims: t.dims.map(num), data: tensorData(t) });
  }
  const inits = new Set(graph.initializer?.map((t) => t.name));
  const inputs = graph.input.filter((i) => !inits.has(i.name));
  const nodes = graph.node.map((n) => ({
    op: n.opType,
    name: n.name ?? '',
    inputs: [...n.input],
    outputs: [...n.output],
    attrs: Object.fromEntries((n.attribute ?? []).map((a) => [a.name, attrValue(a)])),
  }));
  const opsets = (raw.opsetImport as { domain?: string; version: number | Long }[] | undefined) ?? [];
  const opset = num(opsets.find((o) => !o.domain)?.version ?? 0);
  if (inputs.length !== 1 || graph.output.length !== 1)
    throw new StudioError('model-invalid', `Cannot fine-tune "${name}": it has ${inputs.length} inputs and ${graph.output.length} outputs; the studio trains models with one input and one output.`);
  return { nodes, inputName: inputs[0].name, outputName: graph.output[0].name, weights, opset, raw };
}

/**
 * The same model with new values for some float32 initializers (same names, same sizes), serialised.
 * The data goes into rawData (floatData cleared), which every ONNX reader accepts.
 */
export function writeOnnx(model: OnnxModel, updates: Map<string, Float32Array>, docString?: string): Uint8Array {
  const graph = model.raw.graph as RawGraph;
  const done = new Set<string>();
  for (const t of graph.initializer) {
    const data = updates.get(t.name);
    if (!data) continue;
    const want = model.weights.get(t.name)?.data.length;
    if (want !== data.length) throw new Error(`writeOnnx: ${t.name} has ${want} values, the update ${data.length}`);
    const bytes = new Uint8Array(data.length * 4);
    new Float32Array(bytes.buffer).set(data); // little-endian on every platform the studio runs on
    t.rawData = bytes;
    t.floatData = [];
    done.add(t.name);
  }
  const missing = [...updates.keys()].filter((k) => !done.has(k));
  if (missing.length) throw new Error(`writeOnnx: no initializer named ${missing.join(', ')}`);
  if (docString !== undefined) model.raw.docString = docString;
  return ModelProto.encode(model.raw).finish();
}
