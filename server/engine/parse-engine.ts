// Reads an engine description: the engine inspector / `trtexec --exportLayerInfo` JSON of TensorRT 8.x–11.x.
// 8.x–10.x: layer tensors carry one "Format/Datatype" string and the engine I/O is a `Bindings` name list;
// 11.x: layer tensors may state "Format" and "DataType" apart, and `I/O Tensors` replaces `Bindings` with objects
// carrying per-profile min/opt/max shapes. Name-only exports (no --profilingVerbosity=detailed) keep names only.
import type { EngineDescription, EngineIoTensor, EngineLayer, EngineTensor } from '../contract/engine';
import { TrtexecFormatError } from '../profiling/trtexec-exports';
import { versionFromFormat } from './engine-version';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: Json): string | null => (typeof v === 'string' ? v : null);

function dims(v: Json): number[] | null {
  return Array.isArray(v) && v.every((d) => typeof d === 'number' && Number.isFinite(d)) ? (v as number[]) : null;
}

/** Data type words as the format strings and `DataType` fields spell them, to one spelling. */
const DATA_TYPE_WORDS: [RegExp, string][] = [
  [/\b(?:FP32|Float|kFLOAT)\b/i, 'FP32'],
  [/\b(?:FP16|Half|kHALF)\b/i, 'FP16'],
  [/\b(?:BF16|kBF16)\b/i, 'BF16'],
  [/\b(?:FP8|kFP8|E4M3)\b/i, 'FP8'],
  [/\b(?:FP4|kFP4|E2M1)\b/i, 'FP4'],
  [/\b(?:UInt8|kUINT8)\b/i, 'UINT8'],
  [/\b(?:Int8|kINT8)\b/i, 'INT8'],
  [/\b(?:Int4|kINT4)\b/i, 'INT4'],
  [/\b(?:Int32|kINT32)\b/i, 'INT32'],
  [/\b(?:Int64|kINT64)\b/i, 'INT64'],
  [/\b(?:Bool|kBOOL)\b/i, 'BOOL'],
];

export function dataTypeOf(text: string | null): string | null {
  if (text === null) return null;
  for (const [pattern, name] of DATA_TYPE_WORDS) if (pattern.test(text)) return name;
  return null;
}

/** "Thirty-two wide channel vectorized row major Int8 format" -> "Thirty-two wide channel vectorized row major". */
function layoutOf(text: string | null): string | null {
  if (text === null) return null;
  let layout = text.replace(/\s*\(k[A-Z0-9_]+\)\s*$/, '');
  for (const [pattern] of DATA_TYPE_WORDS) layout = layout.replace(pattern, '');
  layout = layout
    .replace(/\bformat\b/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return layout.length > 0 ? layout : null;
}

/**
 * dataTypeOf and layoutOf, remembered per string for one description: an engine spells its formats a few dozen ways
 * across thousands of tensors, and the word lists are a dozen regular expressions each.
 */
class FormatWords {
  private readonly types = new Map<string, string | null>();
  private readonly layouts = new Map<string, string | null>();

  dataType(text: string | null): string | null {
    if (text === null) return null;
    let known = this.types.get(text);
    if (known === undefined) this.types.set(text, (known = dataTypeOf(text)));
    return known;
  }

  layout(text: string | null): string | null {
    if (text === null) return null;
    let known = this.layouts.get(text);
    if (known === undefined) this.layouts.set(text, (known = layoutOf(text)));
    return known;
  }
}

function tensorOf(v: Json, where: string, words: FormatWords): EngineTensor {
  if (!isObject(v) || typeof v.Name !== 'string') throw new TrtexecFormatError(`${where} has no "Name"`);
  const combined = str(v['Format/Datatype']);
  const format = str(v.Format) ?? combined;
  const dataType = words.dataType(str(v.DataType)) ?? words.dataType(combined) ?? words.dataType(str(v.Format));
  return { name: v.Name, format: words.layout(format), dataType, shape: dims(v.Dimensions) };
}

function tensorsOf(v: Json, where: string, words: FormatWords): EngineTensor[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new TrtexecFormatError(`${where} is not an array`);
  return v.map((t, i) => tensorOf(t, `${where}[${i}]`, words));
}

function layerOf(raw: Json, i: number, words: FormatWords): EngineLayer {
  const base = { averageMs: null, percentage: null, onnxNodes: [] };
  if (typeof raw === 'string')
    return { name: raw, type: null, precision: null, inputs: [], outputs: [], tactic: null, ...base };
  if (!isObject(raw) || typeof raw.Name !== 'string') throw new TrtexecFormatError(`layer ${i} has no "Name"`);
  const where = `layer ${i} ("${raw.Name}")`;
  const inputs = tensorsOf(raw.Inputs, `${where} "Inputs"`, words);
  const outputs = tensorsOf(raw.Outputs, `${where} "Outputs"`, words);
  const stated = words.dataType(str(raw.Precision) ?? str(raw.ComputePrecision));
  return {
    name: raw.Name,
    type: str(raw.LayerType),
    precision: stated ?? inputs[0]?.dataType ?? null,
    inputs,
    outputs,
    tactic: str(raw.TacticName) ?? str(raw.TacticValue),
    ...base,
    ...(typeof raw.Metadata === 'string' && raw.Metadata.length > 0 ? { metadata: raw.Metadata } : {}),
  };
}

function ioTensorOf(v: Json, i: number): EngineIoTensor {
  if (!isObject(v) || typeof v.Name !== 'string') throw new TrtexecFormatError(`"I/O Tensors"[${i}] has no "Name"`);
  const profiles = Array.isArray(v.ProfileInfo)
    ? v.ProfileInfo.filter(isObject).map((p) => ({
        min: dims(p.MinShape),
        opt: dims(p.OptShape),
        max: dims(p.MaxShape),
        format: str(p.Format),
      }))
    : [];
  return {
    name: v.Name,
    ioMode: str(v.IOMode),
    dataType: dataTypeOf(str(v.DataType)),
    shape: dims(v.Dimensions),
    profiles,
  };
}

/** Parses the JSON; throws TrtexecFormatError naming what is wrong (the caller adds the file name). */
export function parseEngineDescription(data: Json): EngineDescription {
  if (!isObject(data) || !Array.isArray(data.Layers)) {
    throw new TrtexecFormatError(
      'not an engine description (--exportLayerInfo / engine inspector JSON): expected an object with a "Layers" array',
    );
  }
  const words = new FormatWords();
  const layers = data.Layers.map((raw, i) => layerOf(raw, i, words));
  let ioTensors: EngineIoTensor[];
  if (Array.isArray(data['I/O Tensors'])) ioTensors = data['I/O Tensors'].map(ioTensorOf);
  else if (Array.isArray(data.Bindings))
    ioTensors = data.Bindings.filter((b): b is string => typeof b === 'string').map((name) => ({
      name,
      ioMode: null,
      dataType: null,
      shape: null,
      profiles: [],
    }));
  else ioTensors = [];
  // The layer JSON names no version; its format alone can tell 11.x (load-engine.ts also looks beside the file).
  const version = versionFromFormat(data);
  return {
    tensorrtVersion: version?.version ?? null,
    tensorrtVersionSource: version?.source ?? null,
    layers,
    ioTensors,
  };
}
