// External data locations that are absolute or lead outside the model's folder.
import { externalDataFindings } from '../../onnx/read-findings';
import type { Rule } from '../rule';

export const externalDataEscapesFolder: Rule = {
  id: 'onnx/external-data-escapes-folder',
  defaultSeverity: 'error',
  docs: {
    summary:
      "An external data location is an absolute path or points outside the model's folder (through `..` or a symlink).",
    why: 'ONNX requires locations relative to the model folder; onnx.checker and ONNX Runtime reject others, and a model that reads arbitrary paths is a security problem on a shared inference server.',
    howToFix: 'Move the data file next to the model and re-save the model with a plain relative `location`.',
  },
  check: (ctx) =>
    externalDataFindings(ctx.model)
      .filter((f) => f.ruleId === 'onnx/external-data-escapes-folder')
      .map((f) => ({ message: f.message })),
};
