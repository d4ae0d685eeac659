// The structural checks of onnx.checker.check_model, read from onnx's checker.cc (onnx/onnx, checked against
// Debian's onnx 1.12 and onnx 1.23 verdicts by the differential tests), over the reader's OnnxModel:
// IR version and opset imports, graph names, typed graph I/O, SSA form, topological order with
// lexical scoping into subgraphs, op schemas at the imported opset (input/output counts, empty
// single inputs, unknown / mistyped / missing required attributes, deprecation), and tensor fields.
import { nodeLabel } from '../../findings';
import {
  canonicalDomain,
  onnxSchemas,
  schemaAt,
  type AttributeSchema,
  type OpSchema,
} from '../../knowledge/onnx-schemas';
import type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../../onnx/model';
import type { GraphIndex, TensorEntry } from '../../onnx/model-index';
import { attributeGraphs, holdsGraphs } from '../../onnx/walk';
import { checkTensor } from './tensor-fields-check';

export interface StructureProblem {
  message: string;
  node?: string;
}

/** IR version of onnx 1.12, whose checker this mirrors: newer IR versions are still accepted when our schemas know them. */
const newestIr = () => onnxSchemas().irVersion;

/** Domains whose ops must have a registered schema (custom domains may hold any op). */
const SCHEMA_DOMAINS = new Set(['ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training']);

/** The names defined so far in a graph and the graphs around it (lexical scoping into subgraphs). */
interface Names {
  add(name: string): void;
  hasHere(name: string): boolean;
  has(name: string): boolean;
  /** Adds the name; true when it was already defined here or further out. */
  define(name: string): boolean;
}

class Scope implements Names {
  private readonly names = new Set<string>();
  constructor(private readonly parent?: Names) {}
  add(name: string): void {
    this.names.add(name);
  }
  hasHere(name: string): boolean {
    return this.names.has(name);
  }
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
  /** One hash lookup where new. */
  define(name: string): boolean {
    const before = this.names.size;
    this.names.add(name);
    return this.names.size === before || (this.parent?.has(name) ?? false);
  }
}

/**
 * The main graph's scope over its index: a mark per tensor id instead of a set of names (a large model defines tens
 * of thousands), and node slots answered from the index's entries without a name lookup.
 */
class IndexedScope implements Names {
  private readonly marks: Uint8Array;
  /** Names the index does not hold (a sparse initializer nothing reads or writes). */
  private readonly unindexed = new Set<string>();
  constructor(readonly index: GraphIndex) {
    this.marks = new Uint8Array(index.tensorCount);
  }
  add(name: string): void {
    const entry = this.index.tensors.get(name);
    if (entry) this.marks[entry.id] = 1;
    else this.unindexed.add(name);
  }
  hasHere(name: string): boolean {
    const entry = this.index.tensors.get(name);
    return entry ? this.marks[entry.id] === 1 : this.unindexed.has(name);
  }
  has(name: string): boolean {
    return this.hasHere(name);
  }
  define(name: string): boolean {
    const entry = this.index.tensors.get(name);
    if (!entry) return this.unindexed.size === this.unindexed.add(name).size;
    return this.defineEntry(entry);
  }
  /** has() of the name in a (non-empty) node slot, by its position in the index's slotEntries. */
  hasSlot(slot: number): boolean {
    return this.marks[this.index.slotEntries[slot]!.id] === 1;
  }
  defineSlot(slot: number): boolean {
    return this.defineEntry(this.index.slotEntries[slot]!);
  }
  defineEntry(entry: TensorEntry): boolean {
    const before = this.marks[entry.id];
    this.marks[entry.id] = 1;
    return before === 1;
  }
}

/** `index`: the main graph's index when the caller has it (the rules do): the main graph is checked through it. */
export function checkModelStructure(model: OnnxModel, index?: GraphIndex): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const ir = model.irVersion;
  if (ir === undefined || ir <= 0) return [{ message: 'the model has no ir_version' }];
  if (ir > newestIr())
    problems.push({
      message: `ir_version ${ir} is newer than any ONNX release known here (newest IR ${newestIr()}, onnx ${onnxSchemas().onnxVersion})`,
    });
  const opsets = new Map<string, number>();
  for (const o of model.opsetImports) opsets.set(canonicalDomain(o.domain), o.version);
  if (ir >= 3 && model.opsetImports.length === 0)
    problems.push({ message: 'a model with IR version >= 3 must import an opset (opset_import is empty)' });
  if (!model.graph) return [...problems, { message: 'the model has no graph' }];
  const scope = index?.graph === model.graph ? new IndexedScope(index) : new Scope();
  checkGraph(model.graph, { ir, opsets, main: true }, scope, problems);
  for (const fn of model.functions)
    checkFunction(
      fn.nodes,
      fn.inputs,
      fn.opsetImports.length ? new Map(fn.opsetImports.map((o) => [canonicalDomain(o.domain), o.version])) : opsets,
      problems,
      `${fn.domain}.${fn.name}`,
    );
  return problems;
}

interface GraphContext {
  ir: number;
  opsets: Map<string, number>;
  main: boolean;
}

function checkGraph(graph: OnnxGraph, ctx: GraphContext, scope: Names, problems: StructureProblem[]): void {
  const where = ctx.main ? 'graph' : `subgraph "${graph.name}"`;
  if (graph.name === '')
    problems.push({ message: `a ${ctx.main ? 'graph' : 'subgraph'} has an empty name (required)` });
  // checker.cc check_graph checks graph inputs and outputs only; value_info entries are hints it never checks.
  for (const [kind, list] of [
    ['input', graph.inputs],
    ['output', graph.outputs],
  ] as const) {
    for (const info of list) checkValueInfo(info, `${where} ${kind}`, ctx, problems);
  }
  for (const input of graph.inputs) {
    if (scope.hasHere(input.name))
      problems.push({ message: `${where} input "${input.name}" is declared twice (graphs are in SSA form)` });
    scope.add(input.name);
  }
  // The main graph's slots are looked up through its index; other graphs' by name.
  const indexed = scope instanceof IndexedScope ? scope : undefined;
  if (indexed) checkInitializersIndexed(graph, ctx, indexed, problems);
  else checkInitializers(graph, ctx, scope, problems);
  for (const sparse of graph.sparseInitializers) scope.add(sparse.name);
  const nodes = graph.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const label = nodeLabel(node, i);
    const inputs = node.inputs;
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k];
      if (input !== '' && !(indexed ? indexed.hasSlot(indexed.index.inputStart[i] + k) : scope.has(input)))
        problems.push({
          node: label,
          message: `input "${input}" of ${node.opType} node "${label}" is not a graph input, initializer or output of an earlier node (nodes must be topologically sorted)`,
        });
    }
    checkNode(node, label, ctx, scope, problems);
    const outputs = node.outputs;
    for (let k = 0; k < outputs.length; k++) {
      const output = outputs[k];
      if (output === '') continue;
      if (indexed ? indexed.defineSlot(indexed.index.outputStart[i] + k) : scope.define(output))
        problems.push({
          node: label,
          message: `output "${output}" of node "${label}" is assigned more than once (graphs are in SSA form)`,
        });
    }
  }
}

function initializerProblems(init: OnnxTensor, isInput: boolean, seen: boolean, ir: number, out: StructureProblem[]) {
  if (ir <= 3 && !isInput)
    out.push({ message: `initializer "${init.name}" is not a graph input, which IR version ${ir} requires` });
  if (seen) out.push({ message: `initializer name "${init.name}" is not unique` });
  checkTensor(init, out);
}

function checkInitializers(graph: OnnxGraph, ctx: GraphContext, scope: Names, problems: StructureProblem[]): void {
  const inputNames = new Set(graph.inputs.map((i) => i.name));
  const initNames = new Set<string>();
  for (const init of graph.initializers) {
    initializerProblems(init, inputNames.has(init.name), initNames.has(init.name), ctx.ir, problems);
    initNames.add(init.name);
    scope.add(init.name);
  }
}

/** checkInitializers through the index: whether a name is a graph input is its entry's, repeats are marks per id. */
function checkInitializersIndexed(
  graph: OnnxGraph,
  ctx: GraphContext,
  scope: IndexedScope,
  problems: StructureProblem[],
): void {
  const seen = new Uint8Array(scope.index.tensorCount);
  const initializers = graph.initializers;
  for (let i = 0; i < initializers.length; i++) {
    const init = initializers[i];
    const entry = scope.index.initializerEntries[i];
    initializerProblems(init, entry.graphInput !== undefined, seen[entry.id] === 1, ctx.ir, problems);
    seen[entry.id] = 1;
    scope.defineEntry(entry);
  }
}

/**
 * checker.cc check_value_info: a name always; in the main graph only, a type whose fields are set (a tensor's
 * elem_type and shape, a sequence's or optional's elem_type, a map's key and value). Subgraph inputs and outputs
 * are deliberately unchecked (If branches exported with empty types pass).
 */
function checkValueInfo(info: OnnxValueInfo, where: string, ctx: GraphContext, problems: StructureProblem[]): void {
  if (info.name === '') problems.push({ message: `${where} has an empty name` });
  if (!ctx.main) return;
  const type = info.type;
  if (!type) {
    problems.push({ message: `${where} "${info.name}" has no type (Field 'type' is required but missing)` });
    return;
  }
  switch (type.kind) {
    case 'tensor':
    case 'sparse_tensor':
      if (type.shape === undefined)
        problems.push({
          message: `${where} "${info.name}" has a ${type.kind === 'tensor' ? 'tensor' : 'sparse tensor'} type without a shape field (Field 'shape' of 'type' is required but missing; a scalar has an empty shape)`,
        });
      break;
    case 'sequence':
    case 'optional':
      if (!type.elem)
        problems.push({ message: `${where} "${info.name}" has a ${type.kind} type without an element type` });
      break;
    case 'unknown':
      problems.push({
        message: `${where} "${info.name}" has a type with no value (not a tensor, sequence, map, optional or sparse tensor)`,
      });
      break;
  }
}

/** A schema's attributes by name, made once per schema: every node of the op asks. */
const declaredBySchema = new WeakMap<OpSchema, Map<string, AttributeSchema>>();

function declaredAttributes(schema: OpSchema): Map<string, AttributeSchema> {
  let declared = declaredBySchema.get(schema);
  if (!declared) declaredBySchema.set(schema, (declared = new Map(schema.attributes.map((a) => [a.name, a]))));
  return declared;
}

function checkNode(node: OnnxNode, label: string, ctx: GraphContext, scope: Names, problems: StructureProblem[]): void {
  if (node.opType === '') report(problems, node, label, 'op_type is empty');
  if (node.inputs.length === 0 && node.outputs.length === 0)
    report(problems, node, label, 'has zero inputs and zero outputs');
  // Indexed loops here: checkNode runs for every node, cold, where for-of makes an iterator result per element.
  const attributes = node.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const attr = attributes[i];
    if (attr.name === '') report(problems, node, label, 'has an attribute with an empty name');
    if (holdsGraphs(attr))
      for (const sub of attributeGraphs(attr)) checkGraph(sub, { ...ctx, main: false }, new Scope(scope), problems);
  }
  const domain = canonicalDomain(node.domain);
  const opset = ctx.opsets.get(domain);
  if (opset === undefined) {
    report(problems, node, label, `no opset import for domain "${node.domain || 'ai.onnx'}"`);
    return;
  }
  const schema = schemaAt(domain, node.opType, opset);
  if (!schema) {
    if (SCHEMA_DOMAINS.has(domain))
      report(problems, node, label, `no operator ${node.opType} is registered in domain ${domain} at opset ${opset}`);
    return;
  }
  if (schema.deprecated) return; // onnx/opset-deprecated-op reports it with the replacement
  if (node.inputs.length < schema.minInputs || node.inputs.length > schema.maxInputs)
    report(
      problems,
      node,
      label,
      `has ${node.inputs.length} inputs; opset ${opset} allows ${schema.minInputs} to ${schema.maxInputs}`,
    );
  if (node.outputs.length < schema.minOutputs || node.outputs.length > schema.maxOutputs)
    report(
      problems,
      node,
      label,
      `has ${node.outputs.length} outputs; opset ${opset} allows ${schema.minOutputs} to ${schema.maxOutputs}`,
    );
  for (let i = 0; i < node.inputs.length; i++) {
    const param = schema.inputs[Math.min(i, schema.inputs.length - 1)];
    if (node.inputs[i] === '' && param?.option === 'single')
      report(problems, node, label, `input ${i} (${param.name}) is required but empty`);
  }
  for (let i = 0; i < node.outputs.length; i++) {
    const param = schema.outputs[Math.min(i, schema.outputs.length - 1)];
    if (node.outputs[i] === '' && param?.option === 'single')
      report(problems, node, label, `output ${i} (${param.name}) is required but empty`);
  }
  const declared = declaredAttributes(schema);
  for (let i = 0; i < attributes.length; i++) {
    const attr = attributes[i];
    if (attr.refAttrName !== undefined) continue;
    const expected = declared.get(attr.name);
    if (!expected) {
      if (!attr.name.startsWith('__'))
        report(problems, node, label, `unknown attribute "${attr.name}" at opset ${opset}`);
    } else if (attr.type !== expected.type)
      report(
        problems,
        node,
        label,
        `attribute "${attr.name}" is ${attr.type}; opset ${opset} expects ${expected.type}`,
      );
  }
  for (let k = 0; k < schema.attributes.length; k++) {
    const a = schema.attributes[k];
    if (a.required && !hasAttribute(attributes, a.name))
      report(problems, node, label, `required attribute "${a.name}" is missing`);
  }
}

function hasAttribute(attributes: OnnxNode['attributes'], name: string): boolean {
  for (let i = 0; i < attributes.length; i++) if (attributes[i].name === name) return true;
  return false;
}

/** A problem with one node (a plain function: checkNode runs for every node of large models). */
function report(problems: StructureProblem[], node: OnnxNode, label: string, message: string): void {
  problems.push({ node: label, message: `${node.opType} node "${label}": ${message}` });
}

function checkFunction(
  nodes: OnnxNode[],
  inputs: string[],
  opsets: Map<string, number>,
  problems: StructureProblem[],
  name: string,
): void {
  const scope = new Scope();
  for (const input of inputs) scope.add(input);
  nodes.forEach((node, i) => {
    const label = node.name || `${name}/${node.opType}#${i}`;
    for (const input of node.inputs)
      if (input !== '' && !scope.has(input))
        problems.push({
          node: label,
          message: `function ${name}: input "${input}" of node "${label}" is not defined before use`,
        });
    if (!opsets.has(canonicalDomain(node.domain)))
      problems.push({
        node: label,
        message: `function ${name}: no opset import for domain "${node.domain || 'ai.onnx'}"`,
      });
    for (const output of node.outputs) if (output) scope.add(output);
  });
}
