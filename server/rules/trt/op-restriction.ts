// The restrictions of the TensorRT support matrix that can be checked without running TensorRT
// (attribute values, constant inputs, ranks, unused outputs, Einsum equations, RNN activations,
// If branch outputs, Loop-carried shapes), generated as "checks" into the matrix.
import { schemaAt } from '../../knowledge/onnx-schemas';
import { isDefaultDomain, type GraphFacts } from '../support/graph-facts';
import { allGraphFacts } from '../support/graph-walk';
import type { RestrictionCheck } from '../../knowledge/tensorrt';
import type { OnnxAttribute, OnnxNode } from '../../onnx/model';
import type { Rule, RuleReport } from '../rule';

export const opRestriction: Rule = {
  id: 'trt/op-restriction',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A node (in the main graph, an If/Loop/Scan body or a model-local function) breaks a restriction the TensorRT support matrix states for its op (an unsupported mode, a non-constant axes input, dilations, an unsupported output in use, a wrong rank, a training-mode Dropout, an Einsum ellipsis or diagonal, different bidirectional RNN activations, If branches whose outputs share names or differ in rank, a Loop-carried value that changes shape).',
    why: 'The TensorRT ONNX parser rejects these nodes (or silently ignores the unsupported part): the engine build fails or computes something else than the model.',
    howToFix:
      'Follow the restriction quoted in the message: export with the supported attribute value, make the input a constant (fold it: `onnxsim`, `polygraphy surgeon sanitize --fold-constants`), or rewrite the node.',
  },
  check(ctx) {
    const reports: RuleReport[] = [];
    // TensorRT imports If/Loop/Scan bodies and inlines model-local functions: their nodes face the same restrictions.
    for (const facts of allGraphFacts(ctx.facts, ctx.model)) {
      facts.graph.nodes.forEach((node, i) => {
        if (!isDefaultDomain(node)) return;
        const entry = ctx.trt.table.operators[node.opType];
        if (!entry?.supported || !entry.checks) return;
        for (const check of entry.checks) {
          const broken = evaluate(facts, node, check);
          if (broken)
            reports.push({
              node: facts.label(i),
              message: `${node.opType}: ${broken} (TensorRT ${ctx.trt.table.release}: "${entry.notes}")`,
            });
        }
      });
    }
    return reports;
  },
};

function attributeValue(
  facts: GraphFacts,
  node: OnnxNode,
  name: string,
): OnnxAttribute | { default: unknown } | undefined {
  const attr = node.attributes.find((a) => a.name === name);
  if (attr) return attr;
  const schemaAttr = schemaAt(node.domain, node.opType, facts.opset)?.attributes.find((a) => a.name === name);
  return schemaAttr && 'default' in schemaAttr ? { default: schemaAttr.default } : undefined;
}

function scalarOf(value: OnnxAttribute | { default: unknown } | undefined): unknown {
  if (!value) return undefined;
  if ('default' in value) return value.default;
  return value.i ?? value.f ?? value.s;
}

/** A description of the broken restriction, or undefined when the node satisfies it (or it cannot be told). */
function evaluate(facts: GraphFacts, node: OnnxNode, check: RestrictionCheck): string | undefined {
  switch (check.kind) {
    case 'spatial-rank': {
      if (check.inputIndex !== undefined) {
        const shape = node.inputs[check.inputIndex] ? facts.shapeOf(node.inputs[check.inputIndex]) : undefined;
        const spatial = shape ? shape.length - 2 : undefined;
        return spatial !== undefined && !check.ranks.includes(spatial)
          ? `input has ${spatial} spatial dimension(s); only ${check.ranks.join('D or ')}D is supported`
          : undefined;
      }
      const kernel = node.attributes.find((a) => a.name === 'kernel_shape')?.ints;
      return kernel && !check.ranks.includes(kernel.length)
        ? `${kernel.length}D pooling; only ${check.ranks.join('D or ')}D is supported`
        : undefined;
    }
    case 'attribute-all-ones': {
      const ints = node.attributes.find((a) => a.name === check.attribute)?.ints;
      return ints && ints.some((v) => v !== 1)
        ? `${check.attribute}=[${ints.join(',')}]; must be empty or all ones`
        : undefined;
    }
    case 'attribute-equals': {
      const value = scalarOf(attributeValue(facts, node, check.attribute));
      return value !== undefined && Number(value) !== check.value
        ? `${check.attribute}=${value}; must be ${check.value}`
        : undefined;
    }
    case 'attribute-in': {
      const value = scalarOf(attributeValue(facts, node, check.attribute));
      return typeof value === 'string' && !check.values.includes(value)
        ? `${check.attribute}="${value}" is unsupported (supported: ${check.values.join(', ')})`
        : undefined;
    }
    case 'attribute-absent':
      return node.attributes.some((a) => a.name === check.attribute)
        ? `attribute ${check.attribute} is unsupported`
        : undefined;
    case 'input-initializer':
    case 'input-constant': {
      const input = facts.namedInput(node, check.input);
      if (!input || facts.isBuildTimeConstant(input)) return undefined;
      const source = facts.index.tensors.get(input)?.graphInput ? 'is a graph input' : 'is computed at run time';
      return `input ${check.input} ("${input}") ${source}; it must be a constant`;
    }
    case 'input-constant-equals': {
      const input = facts.namedInput(node, check.input);
      const values = input ? facts.constantValues(input) : undefined;
      return values && values.some((v) => v !== check.value)
        ? `${check.input} holds ${values.slice(0, 4).join(',')}${values.length > 4 ? ',...' : ''}; must be ${check.value}`
        : undefined;
    }
    case 'input-constant-less-than': {
      const input = facts.namedInput(node, check.input);
      const values = input ? facts.constantValues(input) : undefined;
      return values && values.some((v) => v >= check.value)
        ? `${check.input}=${values.join(',')}; must be less than ${check.value}`
        : undefined;
    }
    case 'input-absent': {
      const input = facts.namedInput(node, check.input);
      return input ? `input ${check.input} is unsupported` : undefined;
    }
    case 'input-rank': {
      const input =
        check.input !== undefined ? facts.namedInput(node, check.input) : node.inputs[check.inputIndex ?? 0];
      const shape = input ? facts.shapeOf(input) : undefined;
      return shape && shape.length !== check.rank
        ? `input ${check.input ?? input} has rank ${shape.length}; must be ${check.rank}D`
        : undefined;
    }
    case 'input-type': {
      const input = facts.namedInput(node, check.input);
      const type = input ? facts.elemType(input) : undefined;
      return type && type !== check.type ? `${check.input} is ${type}; must be ${check.type}` : undefined;
    }
    case 'input-static-shape': {
      const input = facts.namedInput(node, check.input);
      const shape = input ? facts.shapeOf(input) : undefined;
      return shape && !facts.isStaticShape(input)
        ? `${check.input} has dynamic dimensions [${shape.map((d) => d ?? '?').join(',')}]`
        : undefined;
    }
    case 'output-unused': {
      const index = facts.namedOutputIndex(node, check.output);
      const name = index >= 0 ? node.outputs[index] : undefined;
      return name && facts.isUsed(name) ? `output ${check.output} ("${name}") is used but unsupported` : undefined;
    }
    case 'only-first-output': {
      const used = node.outputs.slice(1).filter((o) => o && facts.isUsed(o));
      return used.length
        ? `outputs other than ${check.output} are used (${used.join(', ')}) but unsupported`
        : undefined;
    }
    case 'static-trip-count':
      return undefined; // trt/loop-dynamic-trip-count reports it with the loop's details
    case 'input-dimension-static': {
      const shape = node.inputs[0] ? facts.shapeOf(node.inputs[0]) : undefined;
      const axis = Number(scalarOf(attributeValue(facts, node, check.attribute)));
      if (!shape || !Number.isInteger(axis)) return undefined;
      const dim = shape[axis < 0 ? axis + shape.length : axis];
      return dim !== undefined && typeof dim !== 'number'
        ? `input dimension ${axis} (${check.attribute}) is dynamic (${dim ?? '?'}); it must be known at build time`
        : undefined;
    }
    case 'einsum-equation': {
      const equation = node.attributes.find((a) => a.name === 'equation')?.s;
      if (!equation) return undefined;
      const terms = equation.replace(/\s/g, '').split('->')[0].split(',');
      if (check.forbid.includes('ellipsis') && equation.includes('...'))
        return `equation "${equation}" uses an ellipsis (...), which is unsupported`;
      const diagonal = terms.find((t) => new Set(t.replace(/\./g, '')).size < t.replace(/\./g, '').length);
      return check.forbid.includes('diagonal') && diagonal
        ? `equation "${equation}" takes a diagonal (a label repeated in "${diagonal}"), which is unsupported`
        : undefined;
    }
    case 'bidirectional-same-activations': {
      const activations = node.attributes.find((a) => a.name === 'activations')?.strings;
      if (
        scalarOf(attributeValue(facts, node, 'direction')) !== 'bidirectional' ||
        !activations ||
        activations.length % 2 !== 0
      )
        return undefined;
      const forward = activations.slice(0, activations.length / 2),
        reverse = activations.slice(activations.length / 2);
      return forward.some((a, k) => a.toLowerCase() !== reverse[k].toLowerCase())
        ? `bidirectional with activations [${forward.join(',')}] forward and [${reverse.join(',')}] reverse; they must be the same`
        : undefined;
    }
    case 'attribute-symmetric': {
      const ints = node.attributes.find((a) => a.name === check.attribute)?.ints;
      if (!ints || ints.length % 2 !== 0) return undefined;
      const half = ints.length / 2;
      return ints.slice(0, half).some((v, k) => v !== ints[half + k])
        ? `${check.attribute}=[${ints.join(',')}]; begin and end must be the same on each axis`
        : undefined;
    }
    case 'branch-outputs-same-rank':
    case 'branch-outputs-distinct-names': {
      const [then, otherwise] = ['then_branch', 'else_branch'].map(
        (name) => node.attributes.find((a) => a.name === name)?.g,
      );
      if (!then || !otherwise) return undefined;
      for (const [k, out] of then.outputs.entries()) {
        const other = otherwise.outputs[k];
        if (!other) continue;
        if (check.kind === 'branch-outputs-distinct-names' && out.name === other.name)
          return `output ${k} has the same name ("${out.name}") in both branches`;
        const ranks = [out, other].map((o) => (o.type?.kind === 'tensor' ? o.type.shape?.length : undefined));
        if (
          check.kind === 'branch-outputs-same-rank' &&
          ranks[0] !== undefined &&
          ranks[1] !== undefined &&
          ranks[0] !== ranks[1]
        )
          return `output ${k} has rank ${ranks[0]} in then_branch and ${ranks[1]} in else_branch`;
      }
      return undefined;
    }
    case 'loop-carried-same-shape': {
      const body = node.attributes.find((a) => a.name === 'body')?.g;
      if (!body) return undefined;
      // Body inputs: iteration, condition, carried...; outputs: condition, carried..., scan outputs.
      for (let k = 2; k < body.inputs.length; k++) {
        const [inShape, outShape] = [body.inputs[k], body.outputs[k - 1]].map((v) =>
          v?.type?.kind === 'tensor' ? v.type.shape : undefined,
        );
        if (!inShape || !outShape) continue;
        const differs =
          inShape.length !== outShape.length ||
          inShape.some((d, j) => typeof d === 'number' && typeof outShape[j] === 'number' && d !== outShape[j]);
        if (differs)
          return `loop-carried "${body.inputs[k].name}" enters the body as [${inShape.map((d) => d ?? '?').join(',')}] and leaves as [${outShape.map((d) => d ?? '?').join(',')}]`;
      }
      return undefined;
    }
    case 'attribute-iota-with-input': {
      const ints = node.attributes.find((a) => a.name === check.attribute)?.ints;
      if (!ints || !facts.namedInput(node, check.input)) return undefined;
      const rank = node.inputs[0] ? facts.shapeOf(node.inputs[0])?.length : undefined;
      const iota = ints.every((v, k) => v === k) && (rank === undefined || ints.length === rank);
      return iota
        ? undefined
        : `${check.attribute}=[${ints.join(',')}] with a ${check.input} input; it must be 0..rank-1${rank !== undefined ? ` (rank ${rank})` : ''}`;
    }
    case 'input-real-valued': {
      const shape = node.inputs[check.inputIndex] ? facts.shapeOf(node.inputs[check.inputIndex]) : undefined;
      const last = shape?.[shape.length - 1];
      return last === 2
        ? "the signal's last dimension is 2 (complex); it must be real-valued (last dimension 1)"
        : undefined;
    }
  }
}
