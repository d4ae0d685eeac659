// Files that do not decode as an ONNX model. The framework reports it when the reader fails; the
// module exists so the rule has an id, a severity setting and docs like every other rule.
import type { Rule } from '../rule';

export const unreadableModel: Rule = {
  id: 'onnx/unreadable-model',
  defaultSeverity: 'error',
  docs: {
    summary: 'The file is not a readable ONNX model (empty, truncated, corrupt, or not protobuf).',
    why: 'Nothing downstream (onnx.load, trtexec, Triton) can load it.',
    howToFix: 'Re-export or re-download the model; compare its size and checksum with the original.',
  },
  check: () => [],
};
