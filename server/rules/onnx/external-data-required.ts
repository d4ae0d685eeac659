// Models whose inline tensors push the protobuf past 2 GB, the limit of protobuf serialization.
import { walkTensors } from '../../onnx/walk';
import { formatBytes } from '../support/message-text';
import type { Rule } from '../rule';

/** Protobuf messages are limited to 2 GiB - 1 bytes. */
export const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 1;

export const externalDataRequired: Rule = {
  id: 'onnx/external-data-required',
  defaultSeverity: 'error',
  docs: {
    summary: 'The model file is over 2 GB with its weights inline instead of in external data.',
    why: 'Protobuf cannot serialize or parse messages over 2 GB: onnx.load, onnx.checker, the TensorRT parser and ONNX Runtime fail on such files.',
    howToFix:
      'Save the weights as external data: `onnx.save_model(model, "model.onnx", save_as_external_data=True, all_tensors_to_one_file=True, location="model.onnx.data")`.',
  },
  check(ctx) {
    if (ctx.model.fileSize <= PROTOBUF_LIMIT_BYTES) return [];
    let inline = 0;
    for (const t of walkTensors(ctx.model)) if (!t.external) inline += t.payloads.reduce((a, p) => a + p.length, 0);
    return [
      {
        message: `model file is ${formatBytes(ctx.model.fileSize)} (over the 2 GB protobuf limit) with ${formatBytes(inline)} of inline tensor data; move the weights to external data`,
      },
    ];
  },
};
