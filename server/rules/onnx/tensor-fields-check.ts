// The tensor checks of onnx.checker (checker.cc's check_tensor and check_field), for the structure checker.
import { dataTypeField } from '../../onnx/data-types';
import type { OnnxTensor } from '../../onnx/model';

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
  } else if (dataTypeField(tensor.elemType) !== field) {
    problems.push({
      message: `${tensorLabel(tensor)}: values of type ${tensor.elemType} must not be stored in ${field}`,
    });
  }
}
