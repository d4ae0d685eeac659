// INT64 (TensorRT 8.x) and DOUBLE (all releases) weights and graph I/O, which the parser casts down.
import { formatBytes, listSome } from '../support/message-text';
import type { Rule, RuleReport } from '../rule';

export const int64Narrowing: Rule = {
  id: 'trt/int64-narrowing',
  defaultSeverity: 'warning',
  docs: {
    summary:
      'Initializers or graph inputs/outputs of a type the target TensorRT casts down: INT64 -> INT32 before TensorRT 10, DOUBLE -> FLOAT always.',
    why: 'The parser narrows these values: INT64 beyond +-2^31 clamps (a classic source of wrong indices, e.g. INT64_MAX as a Slice end), DOUBLE beyond +-FLT_MAX clamps and loses precision; Triton then sees I/O of another type than the model declares.',
    howToFix:
      "Target TensorRT 10 or newer for native INT64; export ids/indices as INT32 and floating-point data as FLOAT (`.float()` before export); keep the Triton config's data_type in line with what the engine really takes.",
  },
  check(ctx) {
    const castDown = ctx.trt.table.castDown;
    const release = ctx.trt.table.release;
    const reports: RuleReport[] = [];
    for (const [from, to] of Object.entries(castDown)) {
      const inits = ctx.graph.initializers.filter((t) => t.elemType === from);
      if (inits.length > 0) {
        const bytes = inits.reduce((a, t) => a + t.byteSize, 0);
        reports.push({
          message: `${inits.length} ${from} initializer(s) (${formatBytes(bytes)}: ${listSome(inits.map((t) => t.name))}) are cast down to ${to} by TensorRT ${release}; out-of-range values clamp`,
        });
      }
      for (const value of [...ctx.index.runtimeInputs, ...ctx.graph.outputs]) {
        if (ctx.facts.elemType(value.name) === from)
          reports.push({
            message: `graph ${ctx.graph.outputs.includes(value) ? 'output' : 'input'} "${value.name}" is ${from}; TensorRT ${release} runs it as ${to} (the Triton config must then say TYPE_${to === 'FLOAT' ? 'FP32' : to})`,
          });
      }
    }
    return reports;
  },
};
