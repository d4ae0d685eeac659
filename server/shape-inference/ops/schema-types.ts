// Element types from the operator schema alone, for operators without a shape function here: an output whose
// type parameter is shared with an input takes that input's type; a fixed or single-choice type is taken as is.
import { schemaAt } from '../../knowledge/onnx-schemas';
import type { InferContext, TensorInfo } from '../types';
import { tensor } from '../types';

const TYPE_NAMES: Record<string, string> = {
  float: 'FLOAT',
  double: 'DOUBLE',
  float16: 'FLOAT16',
  bfloat16: 'BFLOAT16',
  int64: 'INT64',
  int32: 'INT32',
  int16: 'INT16',
  int8: 'INT8',
  uint64: 'UINT64',
  uint32: 'UINT32',
  uint16: 'UINT16',
  uint8: 'UINT8',
  bool: 'BOOL',
  string: 'STRING',
};

/** "tensor(int64)" -> "INT64"; undefined for sequences, maps and unknown names. */
export function concreteTensorType(type: string): string | undefined {
  const m = /^tensor\((\w+)\)$/.exec(type);
  return m ? TYPE_NAMES[m[1]] : undefined;
}

export function schemaTypes(ctx: InferContext, domain: string): (TensorInfo | undefined)[] {
  const schema = schemaAt(domain, ctx.node.opType, ctx.opset);
  if (!schema) return [];
  const byParam = new Map<string, string>();
  schema.inputs.forEach((formal, p) => {
    const positions = formal.option === 'variadic' ? range(p, ctx.inputCount) : [p];
    for (const i of positions) {
      const elemType = ctx.elemType(i);
      if (elemType && !byParam.has(formal.type)) byParam.set(formal.type, elemType);
    }
  });
  return ctx.node.outputs.map((_, i) => {
    const formal = schema.outputs[Math.min(i, schema.outputs.length - 1)];
    if (!formal) return undefined;
    const allowed = schema.typeConstraints[formal.type];
    const elemType =
      concreteTensorType(formal.type) ??
      byParam.get(formal.type) ??
      (allowed?.length === 1 ? concreteTensorType(allowed[0]) : undefined);
    return elemType ? tensor(elemType) : undefined;
  });
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
