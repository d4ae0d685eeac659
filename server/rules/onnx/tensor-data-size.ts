// Inline tensors whose stored bytes do not match their dims and data type.
import { walkTensors } from '../../onnx/walk';
import type { OnnxTensor } from '../../onnx/model';
import { countVarints, readPayloadBytes } from '../../onnx/tensor-values';
import type { Rule, RuleReport } from '../rule';

/** Bytes per element of the fixed-width typed fields. */
const FIXED_WIDTH: Record<string, number> = { float_data: 4, double_data: 8 };
/** Complex numbers take two values per element. */
const VALUES_PER_ELEMENT: Record<string, number> = { COMPLEX64: 2, COMPLEX128: 2 };
/** Sub-byte types pack two or four values per int32_data entry. */
const PACKED_TYPES = new Set(['INT4', 'UINT4', 'FLOAT4E2M1', 'INT2', 'UINT2']);

export const tensorDataSize: Rule = {
  id: 'onnx/tensor-data-size',
  defaultSeverity: 'error',
  docs: {
    summary: 'An inline tensor holds more or fewer values than its dims and data type call for.',
    why: 'Loaders read `dims` worth of values: a short tensor makes TensorRT or ONNX Runtime fail ("size mismatch") or read garbage; a long one hides a bad graph edit. (onnx 1.12\'s checker does not compare these sizes; newer tools do.)',
    howToFix:
      'Regenerate the tensor (numpy_helper.from_array) or fix its dims; check graph-surgery scripts that replace weights.',
  },
  check(ctx) {
    const reports: RuleReport[] = [];
    // An indexed loop: cold code, where for-of makes an iterator result per tensor.
    const tensors = walkTensors(ctx.model);
    for (let i = 0; i < tensors.length; i++) {
      const tensor = tensors[i];
      const problem = sizeProblem(ctx.model.path, tensor);
      if (problem)
        reports.push({
          message: `tensor "${tensor.name}" (${tensor.elemType} [${tensor.dims.join(', ')}]): ${problem}`,
        });
    }
    return reports;
  },
};

function sizeProblem(modelPath: string, tensor: OnnxTensor): string | undefined {
  if (
    tensor.external ||
    tensor.payloads.length !== 1 ||
    tensor.elemType === 'STRING' ||
    tensor.elemType === 'UNDEFINED'
  )
    return undefined;
  const payload = tensor.payloads[0];
  if (payload.field === 'raw_data') {
    return payload.length !== tensor.byteSize
      ? `raw_data has ${payload.length} bytes, dims need ${tensor.byteSize}`
      : undefined;
  }
  const elements = tensor.dims.reduce((a, b) => a * b, 1);
  const expected = elements * (VALUES_PER_ELEMENT[tensor.elemType] ?? 1);
  const width = FIXED_WIDTH[payload.field];
  let count: number | undefined;
  if (width) count = payload.chunks === 1 ? payload.length / width : payload.chunks;
  else if (payload.chunks === 1 && payload.length <= 1 << 20)
    count = countVarints(readPayloadBytes(modelPath, tensor) ?? Buffer.alloc(0));
  if (count === undefined || PACKED_TYPES.has(tensor.elemType)) return undefined;
  return count !== expected ? `${payload.field} holds ${count} value(s), dims need ${expected}` : undefined;
}
