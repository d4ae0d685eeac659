// External data files shorter than the tensors that read them: truncated copies or stale files.
import { externalDataFindings } from '../../onnx/read-findings';
import type { Rule } from '../rule';

export const externalDataShort: Rule = {
  id: 'onnx/external-data-short',
  defaultSeverity: 'error',
  docs: {
    summary: 'An external data file is shorter than the offsets and lengths its tensors declare.',
    why: 'A truncated upload or a data file from another export makes the loader read past its end: the engine build fails, or worse, weights are garbage.',
    howToFix:
      'Copy the data file again (check its size against the original) or re-export the model so model and data file belong together.',
  },
  check: (ctx) =>
    externalDataFindings(ctx.model)
      .filter((f) => f.ruleId === 'onnx/external-data-short')
      .map((f) => ({ message: f.message })),
};
