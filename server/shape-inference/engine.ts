// Type and shape inference over a whole model, in the analysis core (no Python at run time). Walks each graph
// in node order, asks the operator's inference function (server/shape-inference/ops/*) for its outputs, and
// keeps what it learns per tensor. Stored value_info is an input, never a requirement: it fills what inference
// cannot know and a contradiction becomes an issue. Subgraphs see their outer scope; calls of model-local
// functions are inferred through the function body. Bad input never throws: it becomes an issue naming the
// node; a time budget and caps on values and expressions bound the work per model.
import { nodeLabel } from '../findings';
import { canonicalDomain } from '../knowledge/onnx-schemas';
import type { Dim, OnnxAttribute, OnnxFunction, OnnxGraph, OnnxModel, OnnxNode, OnnxType } from '../onnx/model';
import { functionBodyGraph } from '../onnx/walk';
import { MAX_DIM, formatShape, unifyDim } from './dims';
import { inferenceFunction } from './ops/registry';
import { schemaTypes } from './ops/schema-types';
import type { InferContext, TensorInfo, TensorSource } from './types';
import { InferError, makeInfo } from './types';
import type { ContextHost } from './node-context';
import { NodeContext } from './node-context';
import { MAX_VALUE_ELEMENTS, StoredValues } from './stored-values';

/** Results are shared (the inference cache hands one to every caller): callers only read them. */
export interface GraphShapes {
  readonly tensors: Map<string, TensorInfo>;
  /**
   * Where each tensor's type comes from; a tensor not listed here was inferred (most are: one Map entry less each).
   * Read-only: an empty one is one map shared by every graph.
   */
  readonly sources: ReadonlyMap<string, Exclude<TensorSource, 'inferred'>>;
  /** Subgraphs by `<owner name or OpType#index>/<attribute>` (nested ones under the subgraph's own entry). */
  readonly subgraphs: ReadonlyMap<string, GraphShapes>;
}

/** The engine's view of a graph's results while it infers them. */
interface GraphResults extends GraphShapes {
  sources: Map<string, Exclude<TensorSource, 'inferred'>>;
  subgraphs: Map<string, GraphShapes>;
}

/**
 * The sources of a graph without inputs, initializers or stored-only tensors (If branches) and the subgraphs of a
 * graph without any (most) are this one empty map: a graph's own map is made on its first entry.
 */
const NONE = new Map<never, never>();

export interface InferenceIssue {
  kind: 'invalid-node' | 'stored-conflict' | 'limit';
  /** Node label (see nodeLabel), with the subgraph path for nested nodes. */
  node?: string;
  message: string;
}

export interface ModelShapes {
  main: GraphShapes;
  issues: InferenceIssue[];
  /** True when the time budget ran out (later nodes stay unknown). */
  truncated: boolean;
}

export interface InferOptions {
  /** Merge stored value_info (default true); graph input and output declarations are always used. */
  useStoredValueInfo?: boolean;
  /** Concrete or symbolic shapes for graph inputs, replacing the declared ones. */
  inputShapes?: Record<string, Dim[]>;
  /** Wall-clock budget per model (default 10 s). */
  timeLimitMs?: number;
}

const MAX_EXPRESSION_LENGTH = 64;
/** Values kept over a whole model (each tensor's are capped at MAX_VALUE_ELEMENTS): a memory bound per model. */
const MAX_MODEL_VALUE_ELEMENTS = 1 << 20;
const MAX_FUNCTION_DEPTH = 16;

interface Scope {
  graph: OnnxGraph;
  shapes: GraphResults;
  outer?: Scope;
  path: string;
  opsets: Map<string, number>;
  /** The default domain's opset (most nodes'), looked up once per graph. */
  defaultOpset: number;
  stored: Map<string, OnnxType>;
  depth: number;
}

export function inferModelShapes(model: OnnxModel, options: InferOptions = {}): ModelShapes {
  const engine = new Engine(model, options);
  try {
    const main = engine.run();
    return { main, issues: engine.issues, truncated: engine.truncated };
  } finally {
    engine.close();
  }
}

class Engine implements ContextHost<Scope> {
  readonly issues: InferenceIssue[] = [];
  truncated = false;
  private readonly deadline: number;
  /** Model-local functions by `domain:name` (made only for a model that has some). */
  private readonly functions?: Map<string, OnnxFunction>;
  /** Made on the first stored value asked for (many small models need none). */
  private values?: StoredValues;
  private valueElements = 0;
  private valueBudgetSpent = false;
  private steps = 0;
  /** Node contexts by nesting level (see inferNode), and the level of the node being inferred next. */
  private readonly contexts: NodeContext<Scope>[] = [];
  private level = 0;

  constructor(
    private readonly model: OnnxModel,
    private readonly options: InferOptions,
  ) {
    this.deadline = Date.now() + (options.timeLimitMs ?? 10_000);
    if (model.functions.length > 0) {
      this.functions = new Map();
      for (const fn of model.functions) this.functions.set(`${canonicalDomain(fn.domain)}:${fn.name}`, fn);
    }
  }

  close(): void {
    this.values?.close();
  }

  run(): GraphShapes {
    const graph = this.model.graph;
    const opsets = new Map<string, number>();
    const imports = this.model.opsetImports;
    for (let i = 0; i < imports.length; i++) opsets.set(canonicalDomain(imports[i].domain), imports[i].version);
    if (!graph) return emptyShapes();
    return this.inferGraph(graph, opsets, undefined, '', undefined);
  }

  private inferGraph(
    graph: OnnxGraph,
    opsets: Map<string, number>,
    outer: Scope | undefined,
    path: string,
    boundInputs: (OnnxType | undefined)[] | undefined,
    depth = 0,
  ): GraphShapes {
    const shapes = emptyShapes();
    const stored = new Map<string, OnnxType>();
    // Indexed loops: measured 4-7% faster on small models than for-of once models of several kinds were inferred.
    const { valueInfo, outputs, initializers } = graph;
    if (this.options.useStoredValueInfo !== false)
      for (let i = 0; i < valueInfo.length; i++)
        if (valueInfo[i].type) stored.set(valueInfo[i].name, valueInfo[i].type!);
    for (let i = 0; i < outputs.length; i++) if (outputs[i].type) stored.set(outputs[i].name, outputs[i].type!);
    const scope: Scope = {
      graph,
      shapes,
      outer,
      path,
      opsets,
      defaultOpset: opsets.get('ai.onnx') ?? 1,
      stored,
      depth,
    };
    for (let i = 0; i < initializers.length; i++) {
      const init = initializers[i];
      shapes.tensors.set(
        init.name,
        makeInfo({ kind: 'tensor', elemType: init.elemType, shape: init.dims }, undefined, init),
      );
      setSource(shapes, init.name, 'initializer');
    }
    for (let i = 0; i < graph.inputs.length; i++) {
      const input = graph.inputs[i];
      const bound = boundInputs?.[i];
      const override = !outer && path === '' ? this.options.inputShapes?.[input.name] : undefined;
      let type = bound ?? input.type;
      if (boundInputs && bound && input.type) type = mergeTypes(input.type, bound) ?? bound;
      if (override && type && type.kind === 'tensor') type = { ...type, shape: override };
      if (shapes.tensors.has(input.name) && !bound) continue; // IR < 4: an initializer listed as input keeps its value
      if (type) {
        shapes.tensors.set(input.name, makeInfo(type));
        setSource(shapes, input.name, 'input');
      }
    }
    const nodes = graph.nodes;
    for (let i = 0; i < nodes.length; i++) {
      if (this.truncated) break;
      if ((++this.steps & 255) === 0 && Date.now() > this.deadline) {
        this.truncated = true;
        this.issues.push({ kind: 'limit', message: `shape inference stopped after its time budget at node ${i}` });
        break;
      }
      this.inferNode(scope, nodes[i], i);
    }
    // Declared outputs the graph never produced (or that inference left unknown) keep their declaration.
    for (let i = 0; i < outputs.length; i++) {
      const name = outputs[i].name;
      const type = stored.get(name);
      if (type && !shapes.tensors.has(name)) {
        shapes.tensors.set(name, makeInfo(type));
        setSource(shapes, name, 'stored');
      }
    }
    return shapes;
  }

  label(scope: Scope, node: OnnxNode, index: number): string {
    return scope.path && !node.name ? `${scope.path}/${node.opType}#${index}` : nodeLabel(node, index);
  }

  lookup(scope: Scope, name: string): TensorInfo | undefined {
    for (let s: Scope | undefined = scope; s; s = s.outer) {
      const info = s.shapes.tensors.get(name);
      if (info) return info;
    }
    return undefined;
  }

  valuesOf(info: TensorInfo | undefined): Dim[] | undefined {
    if (info && info.value === undefined && info.stored) {
      info.value = (this.values ??= new StoredValues(this.model)).valueOf(info.stored);
      info.stored = undefined;
    }
    return info?.value;
  }

  private inferNode(scope: Scope, node: OnnxNode, index: number): void {
    let outputs: (TensorInfo | undefined)[];
    // Subgraphs and function bodies infer their nodes one level deeper, each level with its own context.
    const level = this.level++;
    try {
      outputs = this.nodeOutputs(scope, node, index, level);
    } catch (error) {
      const label = this.label(scope, node, index);
      const message = error instanceof InferError ? error.message : `inference failed: ${(error as Error).message}`;
      this.issues.push({ kind: 'invalid-node', node: label, message: `${node.opType} "${label}": ${message}` });
      outputs = [];
    }
    this.level = level;
    const names = node.outputs;
    const shapes = scope.shapes;
    const tensors = shapes.tensors;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!name) continue;
      let info = this.withinValueBudget(sanitize(outputs[i]));
      const storedType = scope.stored.size > 0 ? scope.stored.get(name) : undefined;
      let stored = false;
      if (storedType) {
        const merged = info ? this.mergeStored(info, storedType, name, scope, node, index) : undefined;
        if (merged) info = merged;
        else if (!info) {
          info = makeInfo(storedType);
          stored = true;
        }
      }
      if (!info) continue;
      const known = tensors.size;
      tensors.set(name, info);
      if (stored) setSource(shapes, name, 'stored');
      // A name listed before (an initializer or input an invalid graph redefines) is inferred now; sources only
      // names tensors already set, so a new name (the Map grew) needs no delete.
      else if (tensors.size === known && shapes.sources.size > 0) shapes.sources.delete(name);
    }
  }

  /** Values kept for the whole model are capped too: past the budget, outputs keep their type and shape only. */
  private withinValueBudget(info: TensorInfo | undefined): TensorInfo | undefined {
    if (!info?.value) return info;
    this.valueElements += info.value.length;
    if (this.valueElements <= MAX_MODEL_VALUE_ELEMENTS) return info;
    if (!this.valueBudgetSpent) {
      this.valueBudgetSpent = true;
      this.issues.push({
        kind: 'limit',
        message: `shape inference keeps no more tensor values after ${MAX_MODEL_VALUE_ELEMENTS} elements (memory bound)`,
      });
    }
    return makeInfo(info.type, undefined, info.stored);
  }

  /** The inferred info refined by a stored type; a contradiction is an issue and inference wins. */
  private mergeStored(
    info: TensorInfo,
    stored: OnnxType,
    name: string,
    scope: Scope,
    node: OnnxNode,
    index: number,
  ): TensorInfo | undefined {
    const type = info.type;
    if (type.kind !== 'tensor' || stored.kind !== 'tensor') return undefined;
    // The first contradiction is the issue's message.
    let problem: string | undefined;
    let elemType = type.elemType;
    if (stored.elemType !== 'UNDEFINED' && elemType !== 'UNDEFINED' && stored.elemType !== elemType)
      problem = `element type ${stored.elemType} stored, ${elemType} inferred`;
    if (elemType === 'UNDEFINED') elemType = stored.elemType;
    let shape = type.shape;
    if (shape && stored.shape) {
      if (shape.length !== stored.shape.length)
        problem ??= `rank ${stored.shape.length} stored ${formatShape(stored.shape)}, ${shape.length} inferred ${formatShape(shape)}`;
      else {
        // A stored shape that only agrees (the usual case) leaves the inferred array as it is: a copy is made at
        // the first dim the stored shape refines.
        let merged: Dim[] | undefined;
        for (let i = 0; i < shape.length; i++) {
          const d = shape[i];
          const u = unifyDim(d, stored.shape[i]);
          if (typeof u === 'object' && u !== null) {
            problem ??= `dimension ${i} stored ${formatShape(stored.shape)}, inferred ${formatShape(shape)}`;
            if (merged) merged[i] = d;
          } else if (merged) merged[i] = u;
          else if (u !== d) {
            merged = shape.slice(0, i);
            merged[i] = u;
          }
        }
        if (merged) shape = merged;
      }
    } else shape ??= stored.shape;
    if (problem !== undefined)
      this.issues.push({
        kind: 'stored-conflict',
        node: this.label(scope, node, index),
        message: `"${name}": ${problem}`,
      });
    if (shape && shape === type.shape && elemType === type.elemType) return makeInfo(type, info.value, info.stored);
    return makeInfo({ kind: 'tensor', elemType, shape }, info.value, info.stored);
  }

  private nodeOutputs(scope: Scope, node: OnnxNode, index: number, level: number): (TensorInfo | undefined)[] {
    const domain = canonicalDomain(node.domain);
    const opset = domain === 'ai.onnx' ? scope.defaultOpset : (scope.opsets.get(domain) ?? 1);
    const ctx = (this.contexts[level] ??= new NodeContext<Scope>(this)).reset(scope, node, opset, index);
    const infer = inferenceFunction(domain, node.opType);
    if (infer) return infer(ctx);
    // Model-local functions are looked up only for operators without an inference function of their own.
    const fn = this.functions?.get(`${domain}:${node.opType}`);
    if (fn) return this.callFunction(scope, node, fn, ctx);
    return schemaTypes(ctx, domain);
  }

  private callFunction(scope: Scope, node: OnnxNode, fn: OnnxFunction, ctx: InferContext): (TensorInfo | undefined)[] {
    if (scope.depth >= MAX_FUNCTION_DEPTH) ctx.fail(`function calls nest deeper than ${MAX_FUNCTION_DEPTH}`);
    const opsets = new Map(scope.opsets);
    for (const o of fn.opsetImports) opsets.set(canonicalDomain(o.domain), o.version);
    const body = functionBodyGraph(
      fn,
      fn.nodes.map((n) => bindAttributes(n, node.attributes, fn.attributeDefaults)),
    );
    const inputs = fn.inputs.map((_, i) => (node.inputs[i] ? this.lookup(scope, node.inputs[i])?.type : undefined));
    const shapes = this.inferGraph(body, opsets, undefined, `${ctx.node.name || fn.name}`, inputs, scope.depth + 1);
    return fn.outputs.map((name) => shapes.tensors.get(name));
  }

  inferSubgraph(
    scope: Scope,
    graph: OnnxGraph,
    path: string,
    key: string,
    inputs: (OnnxType | undefined)[],
  ): (OnnxType | undefined)[] {
    const shapes = this.inferGraph(graph, scope.opsets, scope, path, inputs, scope.depth);
    if (scope.shapes.subgraphs === NONE) scope.shapes.subgraphs = new Map();
    scope.shapes.subgraphs.set(key, shapes);
    return graph.outputs.map((o) => shapes.tensors.get(o.name)?.type ?? o.type);
  }
}

function emptyShapes(): GraphResults {
  return { tensors: new Map(), sources: NONE, subgraphs: NONE };
}

function setSource(shapes: GraphResults, name: string, source: Exclude<TensorSource, 'inferred'>): void {
  if (shapes.sources === NONE) shapes.sources = new Map();
  shapes.sources.set(name, source);
}

/** Caps that bound memory: huge dims become unknown, long expressions unknown, big values dropped. */
function sanitize(info: TensorInfo | undefined): TensorInfo | undefined {
  if (!info) return undefined;
  const type = info.type;
  let value = info.value;
  if (value && value.length > MAX_VALUE_ELEMENTS) value = undefined;
  if (type.kind !== 'tensor' || !type.shape || allWithinCaps(type.shape))
    return value === info.value ? info : makeInfo(info.type, value, info.stored);
  const shape = type.shape.map((d) => (withinCaps(d) ? d : null));
  return makeInfo({ ...type, shape }, value, info.stored);
}

function allWithinCaps(shape: Dim[]): boolean {
  for (let i = 0; i < shape.length; i++) if (!withinCaps(shape[i])) return false;
  return true;
}

function withinCaps(d: Dim): boolean {
  return typeof d === 'number'
    ? d >= 0 && d < MAX_DIM && Number.isInteger(d)
    : typeof d !== 'string' || d.length <= MAX_EXPRESSION_LENGTH;
}

/** A function body node with the caller's attributes substituted for `ref_attr_name` references. */
function bindAttributes(node: OnnxNode, callerAttrs: OnnxAttribute[], defaults: OnnxAttribute[]): OnnxNode {
  if (!node.attributes.some((a) => a.refAttrName)) return node;
  const attributes: OnnxAttribute[] = [];
  for (const a of node.attributes) {
    if (!a.refAttrName) attributes.push(a);
    else {
      const bound = callerAttrs.find((c) => c.name === a.refAttrName) ?? defaults.find((c) => c.name === a.refAttrName);
      if (bound) attributes.push({ ...bound, name: a.name });
    }
  }
  // A read node's metadata is decoded through a getter, which a spread does not copy.
  return { ...node, metadataProps: node.metadataProps, attributes };
}

/** Two types of the same tensor: element type from either, dims unified (unknown where they disagree). */
export function mergeTypes(a: OnnxType, b: OnnxType): OnnxType | undefined {
  if (a.kind !== 'tensor' || b.kind !== 'tensor') return b;
  const elemType = a.elemType !== 'UNDEFINED' ? a.elemType : b.elemType;
  if (!a.shape || !b.shape) return { kind: 'tensor', elemType, shape: a.shape ?? b.shape };
  if (a.shape.length !== b.shape.length) return { kind: 'tensor', elemType, shape: b.shape };
  return {
    kind: 'tensor',
    elemType,
    shape: a.shape.map((d, i) => {
      const u = unifyDim(d, b.shape![i]);
      return typeof u === 'object' && u !== null ? null : u;
    }),
  };
}
