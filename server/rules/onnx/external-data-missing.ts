// External data files that are missing (or not regular files): the model cannot be loaded.
import { externalDataFindings } from '../../onnx/read-findings';
import type { Rule } from '../rule';

export const externalDataMissing: Rule = {
  id: 'onnx/external-data-missing',
  defaultSeverity: 'error',
  docs: {
    summary: 'A tensor stores its bytes in an external file that does not exist beside the model.',
    why: "trtexec, the TensorRT parser, ONNX Runtime and Triton all load external data from the model's folder; a missing file fails the engine build or the model load.",
    howToFix:
      'Ship the external data file(s) with the model, in the same folder and under the recorded name (re-save with `onnx.save_model(m, path, save_as_external_data=True, location="model.onnx.data")` to choose it).',
  },
  check: (ctx) =>
    externalDataFindings(ctx.model)
      .filter((f) => f.ruleId === 'onnx/external-data-missing')
      .map((f) => ({ message: f.message })),
};
