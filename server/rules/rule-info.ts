// What every rule id has, whatever analysis reports it (ONNX rules, Triton checks, runtime findings): its default
// severity and its docs. `modelready rules`, docs/rules.md, SARIF and the pipeline's severity settings read this.
import type { Severity } from '../findings';

export interface RuleDocs {
  /** One line: what the rule reports. */
  summary: string;
  /** Why it matters when deploying to TensorRT / Triton. */
  why: string;
  howToFix: string;
}

export interface RuleInfo {
  id: string;
  /** The severity of the rule's findings; some findings of a rule may be milder (a doubt rather than a fact). */
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** Where the findings come from when not from one rule module (Triton's check stages), for the docs. */
  checkedBy?: string;
  /** A fix the editor can offer for this rule's findings. */
  fix?: { id: string; title: string };
}
