// Tensor data types TensorRT cannot hold (STRING, complex, unsigned wide ints, ...), DOUBLE that it
// casts down, and op inputs of a type the matrix does not list for that op.
import type { RuleContext, Rule, RuleReport } from '../rule';
import { allNodes, isDefaultDomain } from '../support/graph-facts';

/** The matrix's data-type tokens -> ONNX data type names. */
const TOKEN_TYPES: Record<string, string[]> = {
  DOUBLE: ['DOUBLE'],
  FLOAT32: ['FLOAT'],
  FLOAT16: ['FLOAT16'],
  BFLOAT16: ['BFLOAT16'],
  INT32: ['INT32'],
  INT64: ['INT64'],
  FP8: ['FLOAT8E4M3FN', 'FLOAT8E5M2'],
  FP4: ['FLOAT4E2M1'],
  INT8: ['INT8'],
  INT4: ['INT4'],
  UINT8: ['UINT8'],
  BOOL: ['BOOL'],
};

export function trtDataTypes(ctx: RuleContext): Set<string> {
  return new Set(ctx.trt.table.dataTypes.flatMap((t) => TOKEN_TYPES[t] ?? []));
}

export const unsupportedDtype: Rule = {
  id: 'trt/unsupported-dtype',
  defaultSeverity: 'error',
  docs: {
    summary: 'A graph input/output, initializer or op input has a data type TensorRT does not support.',
    why: "TensorRT has no STRING, complex, INT16 or UINT16/32/64 tensors: the parser fails. An op fed a type its importer does not take fails to build. (Types TensorRT casts down, like DOUBLE, are trt/int64-narrowing's.)",
    howToFix:
      'Cast to a supported type in the exporting framework (e.g. `.float()`), keep string/complex processing outside the engine (Triton ensemble, Python backend), or cast inputs of the flagged op.',
  },
  check(ctx) {
    const supported = trtDataTypes(ctx);
    const release = ctx.trt.table.release;
    const reports: RuleReport[] = [];
    const castDown = ctx.trt.table.castDown;
    const unsupported = (type: string) => !supported.has(type) && !(type in castDown);
    const describe = (type: string) => `${type}, which TensorRT ${release} does not support`;
    for (const value of [...ctx.index.runtimeInputs, ...ctx.graph.outputs]) {
      const type = ctx.facts.elemType(value.name);
      if (type && unsupported(type))
        reports.push({
          message: `graph ${ctx.graph.outputs.includes(value) ? 'output' : 'input'} "${value.name}" is ${describe(type)}`,
        });
    }
    for (const init of ctx.graph.initializers) {
      if (unsupported(init.elemType)) {
        const consumer = ctx.index.tensors.get(init.name)?.consumers[0];
        reports.push({
          message: `initializer "${init.name}" is ${describe(init.elemType)}`,
          node: consumer === undefined ? undefined : ctx.facts.label(consumer),
        });
      }
    }
    for (const { node, label, nested } of allNodes(ctx.facts)) {
      if (nested || !isDefaultDomain(node)) continue;
      const entry = ctx.trt.table.operators[node.opType];
      const data = node.inputs[0];
      if (!entry?.supported || entry.types.length === 0 || !data) continue;
      const type = ctx.facts.elemType(data);
      if (type && supported.has(type) && !(type in castDown) && !entry.types.includes(type)) {
        reports.push({
          node: label,
          message: `${node.opType} gets "${data}" of type ${type}; TensorRT ${release} supports ${node.opType} for ${entry.types.join(', ')}`,
        });
      }
    }
    return reports;
  },
};
