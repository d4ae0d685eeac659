// Ops whose output shape depends on the input values, not just on input shapes.
import { isDefaultDomain } from '../support/graph-facts';
import { reportsByOp } from '../support/graph-walk';
import type { Rule } from '../rule';

const DATA_DEPENDENT: Record<string, string> = {
  NonZero: 'the number of non-zero elements',
  NonMaxSuppression: 'how many boxes survive suppression',
  Unique: 'the number of distinct values',
  Compress: 'the number of true conditions',
};

export const dataDependentShape: Rule = {
  id: 'trt/data-dependent-shape',
  defaultSeverity: 'warning',
  docs: {
    summary: "A node's output shape depends on the input values (NonZero, NonMaxSuppression, Unique, Compress).",
    why: 'TensorRT must allocate such outputs after running the layer (IOutputAllocator), which rules out CUDA graphs, slows down enqueue, and needs upper bounds; Triton must be configured for variable-size outputs.',
    howToFix:
      'Keep the op at the end of the graph (or in post-processing), bound the output (e.g. max_output_boxes_per_class for NMS), or use a plugin such as EfficientNMS_TRT with fixed-size outputs.',
  },
  check(ctx) {
    return reportsByOp(ctx.facts, (domain, opType) => {
      const what = isDefaultDomain({ domain }) && DATA_DEPENDENT[opType];
      return what
        ? `${opType} output shape depends on ${what}: TensorRT allocates it at run time (no CUDA graphs, needs an output allocator)`
        : undefined;
    });
  },
};
