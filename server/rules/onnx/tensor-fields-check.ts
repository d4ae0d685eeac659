// The tensor checks of onnx.checker (checker.cc's check_tensor and check_field), for the structure checker.
import type { OnnxTensor } from '../../onnx/model';

/** Which TensorProto payload fields may hold which data types (onnx checker's check_field table). */
const FIELD_TYPES: Record<string, string[]> = {
  float_data: ['FLOAT', 'COMPLEX64'],
  int32_data: [
    'INT32',
    'INT16',
    'INT8',
    'UINT16',
    'UINT8',
    'BOOL',
    'FLOAT16',
    'BFLOAT16',
    'FLOAT8E4M3FN',
    'FLOAT8E4M3FNUZ',
    'FLOAT8E5M2',
    'FLOAT8E5M2FNUZ',
    'UINT4',
    'INT4',
    'FLOAT4E2M1',
    'FLOAT8E8M0',
    'UINT2',
    'INT2',
  ],
  int64_data: ['INT64'],
  double_data: ['DOUBLE', 'COMPLEX128'],
  uint64_data: ['UINT32', 'UINT64'],
  string_data: ['STRING'],
};

/** A tensor as problems name it: written only into problems (tens of thousands of tensors have none). */
function tensorLabel(tensor: OnnxTensor): string {
  return `tensor "${tensor.name}"`;
}

/** onnx's check_tensor: a data type, and the values in exactly one payload field that may hold that type. */
export function checkTensor(tensor: OnnxTensor, problems: { message: string }[]): void {
  if (tensor.elemType === 'UNDEFINED') {
    problems.push({ message: `${tensorLabel(tensor)} has no data_type` });
    return;
  }
  // Nearly every tensor holds one payload: the set of fields is built only when there are several.
  const payloads = tensor.payloads;
  const fieldCount = payloads.length < 2 ? payloads.length : new Set(payloads.map((p) => p.field)).size;
  if (tensor.external) {
    if (fieldCount > 0)
      problems.push({ message: `${tensorLabel(tensor)} is stored externally but also holds inline data` });
    return;
  }
  if (fieldCount !== 1) {
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    if (elements !== 0)
      problems.push({
        message: `${tensorLabel(tensor)} must hold its ${elements} value(s) in exactly one data field (has ${fieldCount})`,
      });
    return;
  }
  const field = payloads[0].field;
  if (field === 'raw_data') {
    if (tensor.elemType === 'STRING')
      problems.push({ message: `${tensorLabel(tensor)}: STRING data must not be stored in raw_data` });
  } else if (!FIELD_TYPES[field]?.includes(tensor.elemType)) {
    problems.push({
      message: `${tensorLabel(tensor)}: values of type ${tensor.elemType} must not be stored in ${field}`,
    });
  }
}
