// Tensor data types TensorRT cannot hold (STRING, complex, unsigned wide ints, ...), casts to them, and op inputs
// of a type the importer rejects. The docs table's per-op type column is incomplete, so a type it merely does not
// list is a warning; errors come from the table's list of TensorRT types or from the importer's source
// (scripts/gen-trt-importer-types.mjs records each check with its line).
import { importerTypes, importerVerdict } from '../../knowledge/tensorrt-importer';
import { schemaAt } from '../../knowledge/onnx-schemas';
import { dataTypeName } from '../../onnx/data-types';
import type { OnnxNode } from '../../onnx/model';
import type { RuleContext, Rule, RuleReport } from '../rule';
import { isDefaultDomain } from '../support/graph-facts';
import { allGraphFacts } from '../support/graph-walk';

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

/** Whether the ONNX schema allows exactly one type at this input (ConstantOfShape's shape is always INT64). */
function specMandatesType(node: OnnxNode, input: number, opset: number): boolean {
  const schema = schemaAt(node.domain, node.opType, opset);
  const formal = schema?.inputs[Math.min(input, schema.inputs.length - 1)];
  if (!schema || !formal || (formal.option === 'variadic' && input >= schema.inputs.length)) return false;
  const allowed = schema.typeConstraints[formal.type] ?? [formal.type];
  return allowed.length === 1;
}

const importerRef = () => `onnx-tensorrt ${importerTypes.source.commit?.slice(0, 7) ?? ''}`.trim();

/** What an op input of a type gets: rejected by the importer (where its source says so), unlisted by the matrix, or nothing. */
type InputVerdict = { rejects: string } | 'unlisted' | undefined;

export const unsupportedDtype: Rule = {
  id: 'trt/unsupported-dtype',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A graph input/output, initializer, cast target or op input has a data type TensorRT does not support (or its matrix does not list).',
    why: "TensorRT has no STRING, complex, INT16 or UINT16/32/64 tensors: the parser fails, as it does when an op's importer rejects the type of its input (checked against onnx-tensorrt's importer source). Types the support matrix merely does not list for an op are warnings: the table is incomplete (NonZero takes BOOL), and a type the ONNX spec mandates for an input is never reported. (Types TensorRT casts down, like DOUBLE, are trt/int64-narrowing's.)",
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
    for (const scope of allGraphFacts(ctx.facts, ctx.model)) {
      // The verdict on an input depends on its op, position and type (and the graph's opset) only: judged once per
      // combination, not per node (a large model has tens of thousands of inputs of a handful of kinds).
      const verdicts = new Map<string, Map<string, InputVerdict>[]>();
      const judge = (node: OnnxNode, input: number, type: string): InputVerdict => {
        let byInput = verdicts.get(node.opType);
        if (!byInput) verdicts.set(node.opType, (byInput = []));
        const byType = (byInput[input] ??= new Map());
        if (byType.has(type)) return byType.get(type);
        let verdict: InputVerdict;
        if (!unsupported(type) && !(type in castDown) && !specMandatesType(node, input, scope.opset)) {
          const importer = importerVerdict(node.opType, input, type);
          const entry = ctx.trt.table.operators[node.opType];
          if (importer?.verdict === 'rejects') verdict = { rejects: importer.at };
          else if (!importer && input === 0 && entry?.supported && entry.types.length && !entry.types.includes(type))
            verdict = 'unlisted';
        }
        byType.set(type, verdict);
        return verdict;
      };
      const nodes = scope.graph.nodes;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        if (!isDefaultDomain(node)) continue;
        if (node.opType === 'Cast') {
          const to = node.attributes.find((a) => a.name === 'to')?.i;
          const target = to === undefined ? undefined : dataTypeName(to);
          if (target && !importerTypes.castTargets.types.includes(target))
            reports.push({
              node: scope.label(i),
              message: `Cast to ${target}: the TensorRT importer has no ${target} type and fails with "Unsupported cast!" (${importerRef()} ${importerTypes.castTargets.at})`,
            });
        }
        const entry = ctx.trt.table.operators[node.opType];
        // Only ops the importer checks, and the first input of ops whose matrix row lists types, can be reported:
        // the others' input types are not looked up.
        const importerChecks = !!importerTypes.operators[node.opType];
        const matrixLists = !!entry?.supported && entry.types.length > 0;
        for (let input = 0; input < node.inputs.length; input++) {
          if (!importerChecks && (input !== 0 || !matrixLists)) continue;
          const name = node.inputs[input];
          const type = name ? scope.inputElemType(i, input) : undefined;
          const verdict = type && judge(node, input, type);
          if (!verdict) continue;
          if (verdict !== 'unlisted') {
            reports.push({
              node: scope.label(i),
              message: `${node.opType} gets "${name}" of type ${type}, which TensorRT's importer rejects for this input (${importerRef()} ${verdict.rejects})`,
            });
          } else {
            reports.push({
              node: scope.label(i),
              atMost: 'warning',
              message: `${node.opType} gets "${name}" of type ${type}; the TensorRT ${release} support matrix lists ${node.opType} only for ${entry.types.join(', ')} (it does not list ${type}; the importer has no check against it)`,
            });
          }
        }
      }
    }
    return reports;
  },
};
