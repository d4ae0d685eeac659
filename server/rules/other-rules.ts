// Rule ids reported outside the rule modules, Triton's checks and the target's rules: running a model locally, and
// the language server itself. Registered here so `modelready rules`, docs/rules.md and the
// project's severity settings know them like every other id.
import type { RuleInfo } from './rule-info';

export const otherRules: readonly RuleInfo[] = [
  {
    id: 'ort/run-failed',
    defaultSeverity: 'error',
    docs: {
      summary:
        'ONNX Runtime (CPU) could not run the model with random inputs at one of its profile\'s shapes (min, opt or max). Published only after a local run ("Run with ONNX Runtime (local)"), cleared by the next clean run.',
      why: 'The export does not work over the whole shape range it promises: TensorRT and Triton will fail at the same shapes.',
      howToFix:
        'Read the point, shapes and ORT error in the message; narrow the profile to shapes the model runs at, or fix the export.',
    },
  },
  {
    id: 'modelready/analysis-failed',
    defaultSeverity: 'error',
    docs: {
      summary:
        'The language server could not analyze the file at all: the analysis threw, ran past its time limit (2 minutes) or its worker ran out of memory (4 GB heap cap).',
      why: 'Without an analysis the file has no readiness verdict; the other files of the workspace are analyzed as usual.',
      howToFix:
        'Saving or changing the file analyzes it again; if it keeps failing, `modelready check <file>` shows the error, and it is worth a bug report.',
    },
  },
];
