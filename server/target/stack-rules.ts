// The rules about the target and the pinned stack that are not ONNX-model rules: id, default severity, docs and
// fix, for `.modelready.json` severities and the generated docs/rules.md (their checks live in stack-check.ts
// and of-config.ts).
import type { RuleDocs } from '../rules/rule-info';
import type { Severity } from '../findings';

export interface DocumentedRule {
  id: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  fix?: { id: string; title: string };
}

export type StackRuleId = 'stack/version-mismatch' | 'stack/unpinned' | 'stack/plan-version';

const TARGET_CONFLICT: DocumentedRule = {
  id: 'target/conflict',
  defaultSeverity: 'error',
  docs: {
    summary:
      'The pinned target contradicts itself: a TensorRT or ONNX Runtime that is not the pinned Triton release’s (warning for ONNX Runtime), a GPU below the release’s minimum compute capability, a compute capability that is not the GPU’s, an unknown release or GPU.',
    why: 'Every verdict follows the resolved target; a target that cannot exist (TensorRT 10.4 in a 24.12 container, a V100 under 25.01, which refuses GPUs below compute capability 7.5 by its server build default `TRITON_MIN_COMPUTE_CAPABILITY`) makes them all wrong. `modelready target` shows the resolved stack and the source of each fact.',
    howToFix:
      'Pin only what you deploy: usually `target.triton` and `target.gpu`; let the tables fill in TensorRT, ONNX Runtime, CUDA and the driver.',
  },
};

export const STACK_RULES: Record<StackRuleId, DocumentedRule> = {
  'stack/version-mismatch': {
    id: 'stack/version-mismatch',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A Dockerfile/Containerfile, requirements*.txt, pyproject.toml or environment.yml pins a Triton image, tensorrt or onnxruntime that disagrees with the target or with another pin of the workspace (e.g. the engine-building TensorRT is not the serving container’s).',
      why: 'A TensorRT plan loads only in the TensorRT that built it ("Current Version: 236, Serialized Engine Version: 239"): a plan built with `pip install tensorrt` 10.4 fails in a container running 8.6. The finding names both places.',
      howToFix:
        'Build engines inside the serving image (or pin the same TensorRT major.minor in both places); keep `target.triton` equal to the image you deploy.',
    },
  },
  'stack/unpinned': {
    id: 'stack/unpinned',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'tensorrt, onnx, onnxruntime(-gpu), torch, tritonclient, polygraphy or nvidia-modelopt is required without an exact version.',
      why: 'Pinning the whole dependency stack is what makes a build repeatable: an unpinned tensorrt installs whatever is newest that day, and its engines no longer load in the serving container.',
      howToFix:
        'Pin an exact version (`tensorrt==10.7.0.23`); the quick fix pins the target’s version where the target implies one (tensorrt, onnxruntime).',
    },
    fix: { id: 'stack.pin-target-version', title: "Pin the target's version" },
  },
  'stack/plan-version': {
    id: 'stack/plan-version',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A TensorRT plan (`model.plan`) whose header’s serialization version word proves it was built by another TensorRT than the one that will load it (error); otherwise an info naming what the header shows.',
      why: 'TensorRT refuses a plan serialized by another version. The header holds the magic (`ptrt`/`ftrt`) and the serialization version word (layout as Netron’s `tensorrt.js` reads it); the words come from users’ error logs (`py3-container-facts.json`): 236 = 8.6, 237 = 10.0–10.1, 239 = 10.4–10.8, 240 = 10.11–10.16. Several releases share a word, so only a differing word is an error.',
      howToFix:
        'Rebuild the plan with the serving TensorRT (trtexec inside the serving image), or ship the ONNX model and let the server build it.',
    },
  },
};

/** Every non-model rule of the target area, for docs and severity lookups. */
export const TARGET_WORKSPACE_RULES: readonly DocumentedRule[] = [TARGET_CONFLICT, ...Object.values(STACK_RULES)];
