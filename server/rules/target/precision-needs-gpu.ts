// BF16, INT4, FP8 and FP4 tensors on a target GPU whose hardware lacks that precision.
import { compareVersions } from '../../knowledge/triton-releases';
import type { Rule, RuleReport } from '../rule';
import { allNodes } from '../support/graph-walk';
import { precisionRequirementOf } from './target-facts';

export const precisionNeedsGpu: Rule = {
  id: 'target/precision-needs-gpu',
  defaultSeverity: 'error',
  docs: {
    summary:
      'The model holds BF16, INT4, FP8 or FP4 tensors but the target GPU (target.gpu / target.computeCapability) is older than that precision: BF16 and INT4 (weight-only) need compute capability 8.0, FP8 8.9, FP4/NVFP4 Blackwell (10.0).',
    why: 'TensorRT runs a strongly typed graph in the precision it declares; a GPU without BF16/INT4/FP8/FP4 hardware cannot build those layers. Sources: NVIDIA Transformer Engine support matrix ("BF16 requires compute capability 8.0 or higher", FP8 "requires compute capability 8.9 or higher", NVFP4 on 10.0/10.3), the TensorRT-RTX support matrix (BF16 No on Turing 7.5, FP8 No on Ampere 8.6, FP4 No on Ada 8.9) and the TensorRT Model Optimizer support matrix (W4A16 INT4 weights only: "Ampere and Later"); collected in server/knowledge/precision-compute-capability.json.',
    howToFix:
      'Deploy on a GPU that has the precision (modelready target shows the resolved compute capability), or export the model in FP16/FP32 for this GPU (e.g. cast BF16 weights to FP16; keep FP8/FP4 quantization for Ada/Hopper/Blackwell builds).',
  },
  check(ctx) {
    const cc = ctx.target.computeCapability;
    if (!cc) return [];
    const gpu = ctx.target.gpu ? `${ctx.target.gpu} (compute capability ${cc})` : `compute capability ${cc}`;
    // The first place each too-new type appears: an input/output, an initializer, a value, or a Cast to it.
    const firstUse = new Map<string, { where: string; node?: string }>();
    const note = (type: string | undefined, where: string, node?: string) => {
      const need = type && precisionRequirementOf(type);
      if (!need || compareVersions(cc, need.minComputeCapability) >= 0 || firstUse.has(type)) return;
      firstUse.set(type, { where, node });
    };
    for (const v of [...ctx.graph.inputs, ...ctx.graph.outputs, ...ctx.graph.valueInfo])
      note(ctx.facts.elemType(v.name), `"${v.name}"`);
    for (const init of ctx.graph.initializers) {
      const consumer = ctx.index.tensors.get(init.name)?.consumers[0];
      note(init.elemType, `initializer "${init.name}"`, consumer === undefined ? undefined : ctx.facts.label(consumer));
    }
    for (const { node, label } of allNodes(ctx.facts)) {
      for (const out of node.outputs) note(ctx.facts.elemType(out), `"${out}" (output of ${node.opType})`, label);
    }
    const reports: RuleReport[] = [];
    for (const [type, { where, node }] of firstUse) {
      const need = precisionRequirementOf(type)!;
      reports.push({
        message: `${where} is ${type} (${need.label}), which needs compute capability ${need.minComputeCapability} or newer; the target GPU is ${gpu}`,
        ...(node && { node }),
      });
    }
    return reports;
  },
};
