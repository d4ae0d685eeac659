// INT64 weights and graph I/O on TensorRT releases that narrow INT64 to INT32.
import { formatBytes, listSome } from '../support/graph-facts';
import type { Rule, RuleReport } from '../rule';
import { trtDataTypes } from './unsupported-dtype';

export const int64Narrowing: Rule = {
  id: 'trt/int64-narrowing',
  defaultSeverity: 'warning',
  docs: {
    summary: 'INT64 initializers or graph inputs/outputs on a TensorRT release that narrows INT64 to INT32 (TensorRT 8.x).',
    why: 'TensorRT before 10 has no INT64 tensors: the parser casts INT64 weights down to INT32 and clamps values outside +-2^31 (a classic source of wrong indices, e.g. INT64_MAX in Slice ends), and Triton sees INT32 I/O where the model says INT64.',
    howToFix: 'Target TensorRT 10 or newer (native INT64), or export indices/ids as INT32 and make sure no value exceeds the INT32 range.',
  },
  check(ctx) {
    if (trtDataTypes(ctx).has('INT64')) return [];
    const release = ctx.trt.table.release;
    const reports: RuleReport[] = [];
    const inits = ctx.graph.initializers.filter((t) => t.elemType === 'INT64');
    if (inits.length > 0) {
      const bytes = inits.reduce((a, t) => a + t.byteSize, 0);
      reports.push({ message: `${inits.length} INT64 initializer(s) (${formatBytes(bytes)}: ${listSome(inits.map((t) => t.name))}) are narrowed to INT32 by TensorRT ${release}; values beyond +-2^31 clamp` });
    }
    for (const value of [...ctx.index.runtimeInputs, ...ctx.graph.outputs]) {
      if (ctx.facts.elemType(value.name) === 'INT64') reports.push({ message: `graph I/O "${value.name}" is INT64; TensorRT ${release} runs it as INT32 (Triton's config must then say TYPE_INT32)` });
    }
    return reports;
  },
};
