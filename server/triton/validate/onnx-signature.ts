// Reads what Triton's ONNX Runtime backend sees in a model.onnx: graph inputs (initializers excluded) and
// outputs with Triton data types and shapes, and whether the model can take a batch dimension.
import fs from 'node:fs';
import path from 'node:path';
import { readModelCached } from '../../onnx/model-cache';
import type { OnnxValueInfo } from '../../onnx/model';

/** ONNX TensorProto element type -> Triton TYPE_* (as the onnxruntime backend maps them). */
export const ONNX_TO_TRITON: Record<string, string> = {
  FLOAT: 'TYPE_FP32',
  FLOAT16: 'TYPE_FP16',
  DOUBLE: 'TYPE_FP64',
  BFLOAT16: 'TYPE_BF16',
  INT8: 'TYPE_INT8',
  INT16: 'TYPE_INT16',
  INT32: 'TYPE_INT32',
  INT64: 'TYPE_INT64',
  UINT8: 'TYPE_UINT8',
  UINT16: 'TYPE_UINT16',
  UINT32: 'TYPE_UINT32',
  UINT64: 'TYPE_UINT64',
  BOOL: 'TYPE_BOOL',
  STRING: 'TYPE_STRING',
};

export interface OnnxTensorSignature {
  name: string;
  /** Triton TYPE_*, or `unsupported:<onnx type>` when Triton has no equivalent. */
  dataType: string;
  /** Full model shape, -1 for symbolic or unknown dims; undefined when the model declares no shape. */
  shape?: number[];
}

export interface OnnxSignature {
  file: string;
  inputs: OnnxTensorSignature[];
  outputs: OnnxTensorSignature[];
  /** Graph inputs that also have an initializer: requests may override them, they need not be fed. */
  overridable: OnnxTensorSignature[];
}

/** The model file inside a version folder: `model.onnx` may be a file or a folder holding `model.onnx`. */
export function resolveOnnxFile(versionDir: string, filename: string): string | undefined {
  const p = path.join(versionDir, filename);
  try {
    const st = fs.statSync(p);
    if (st.isFile()) return p;
    if (st.isDirectory()) {
      const inner = path.join(p, 'model.onnx');
      return fs.existsSync(inner) ? inner : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Read through the model cache: a config edit checks the signature of an unchanged model without reading it again. */
export function readOnnxSignature(file: string): OnnxSignature {
  const model = readModelCached(file);
  const graph = model.graph;
  const initializers = new Set(graph?.initializers.map((t) => t.name) ?? []);
  const convert = (v: OnnxValueInfo): OnnxTensorSignature => {
    const t = v.type;
    if (!t || (t.kind !== 'tensor' && t.kind !== 'sparse_tensor'))
      return { name: v.name, dataType: `unsupported:${t?.kind ?? 'untyped'}` };
    return {
      name: v.name,
      dataType: ONNX_TO_TRITON[t.elemType] ?? `unsupported:${t.elemType}`,
      shape: t.shape?.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
    };
  };
  return {
    file,
    inputs: (graph?.inputs ?? []).filter((i) => !initializers.has(i.name)).map(convert),
    outputs: (graph?.outputs ?? []).map(convert),
    overridable: (graph?.inputs ?? []).filter((i) => initializers.has(i.name)).map(convert),
  };
}

/** Triton's batching rule: a model can batch when every input and output has a dynamic first dim. */
export function canBatch(sig: OnnxSignature): boolean {
  const all = [...sig.inputs, ...sig.outputs];
  return all.length > 0 && all.every((t) => t.shape !== undefined && t.shape.length >= 1 && t.shape[0] === -1);
}
