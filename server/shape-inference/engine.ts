// Type and shape inference over a whole model, in the analysis core (no Python at run time). Walks each graph
// in node order, asks the operator's inference function (server/shape-inference/ops/*) for its outputs, and
// keeps what it learns per tensor. Stored value_info is an input, never a requirement: it fills what inference
// cannot know and a contradiction becomes an issue. Subgraphs see their outer scope; calls of model-local
// functions are inferred through the function body. Bad input never throws: it becomes an issue naming the
// node; a time budget and caps on values and expressions bound the work per model.
import { nodeLabel } from '../findings';
import { canonicalDomain } from '../knowledge/onnx-schemas';
import type {
  Dim,
  OnnxAttribute,
  OnnxFunction,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxType,
} from '../onnx/model';
import fs from 'node:fs';
import { readTensorValues } from '../onnx/tensor-values';
import { MAX_DIM, formatShape, unifyDim } from './dims';
import { inferenceFunction } from './ops/registry';
import { schemaTypes } from './ops/schema-types';
import type { InferContext, TensorInfo, TensorSource } from './types';
import { InferError } from './types';
import type { ContextHost } from './node-context';
import { NodeContext } from './node-context';

export interface GraphShapes {
  tensors: Map<string, TensorInfo>;
  sources: Map<string, TensorSource>;
  /** Subgraphs by `<owner name or OpType#index>/<attribute>` (nested ones under the subgraph's own entry). */
  subgraphs: Map<string, GraphShapes>;
}

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

/** Values kept per tensor: shape tensors and small parameters, never activations. */
const MAX_VALUE_ELEMENTS = 1024;
const MAX_EXPRESSION_LENGTH = 64;
const MAX_FUNCTION_DEPTH = 16;
const MAX_BUFFERED_FILE = 4 << 20;

interface Scope {
  graph: OnnxGraph;
  shapes: GraphShapes;
  outer?: Scope;
  path: string;
  opsets: Map<string, number>;
  stored: Map<string, OnnxType>;
  initializers: Map<string, OnnxTensor>;
  depth: number;
}

export function inferModelShapes(model: OnnxModel, options: InferOptions = {}): ModelShapes {
  const engine = new Engine(model, options);
  const main = engine.run();
  return { main, issues: engine.issues, truncated: engine.truncated };
}

class Engine implements ContextHost<Scope> {
  readonly issues: InferenceIssue[] = [];
  truncated = false;
  private readonly deadline: number;
  private readonly functions = new Map<string, OnnxFunction>();
  private readonly valueCache = new Map<OnnxTensor, Dim[] | undefined>();
  private steps = 0;

  constructor(
    private readonly model: OnnxModel,
    private readonly options: InferOptions,
  ) {
    this.deadline = Date.now() + (options.timeLimitMs ?? 10_000);
    for (const fn of model.functions) this.functions.set(`${canonicalDomain(fn.domain)}:${fn.name}`, fn);
  }

  run(): GraphShapes {
    const graph = this.model.graph;
    const opsets = new Map(this.model.opsetImports.map((o) => [canonicalDomain(o.domain), o.version]));
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
    if (this.options.useStoredValueInfo !== false)
      for (const v of graph.valueInfo) if (v.type) stored.set(v.name, v.type);
    for (const v of graph.outputs) if (v.type) stored.set(v.name, v.type);
    const scope: Scope = {
      graph,
      shapes,
      outer,
      path,
      opsets,
      stored,
      initializers: new Map(graph.initializers.map((t) => [t.name, t])),
      depth,
    };
    for (const init of graph.initializers) {
      shapes.tensors.set(init.name, {
        type: { kind: 'tensor', elemType: init.elemType, shape: init.dims },
        stored: init,
      });
      shapes.sources.set(init.name, 'initializer');
    }
    graph.inputs.forEach((input, i) => {
      const bound = boundInputs?.[i];
      const override = !outer && path === '' ? this.options.inputShapes?.[input.name] : undefined;
      let type = bound ?? input.type;
      if (boundInputs && bound && input.type) type = mergeTypes(input.type, bound) ?? bound;
      if (override && type && type.kind === 'tensor') type = { ...type, shape: override };
      if (shapes.tensors.has(input.name) && !bound) return; // IR < 4: an initializer listed as input keeps its value
      if (type) {
        shapes.tensors.set(input.name, { type });
        shapes.sources.set(input.name, 'input');
      }
    });
    for (const [i, node] of graph.nodes.entries()) {
      if (this.truncated) break;
      if ((++this.steps & 255) === 0 && Date.now() > this.deadline) {
        this.truncated = true;
        this.issues.push({ kind: 'limit', message: `shape inference stopped after its time budget at node ${i}` });
        break;
      }
      this.inferNode(scope, node, i);
    }
    // Declared outputs the graph never produced (or that inference left unknown) keep their declaration.
    for (const [name, type] of stored) {
      if (!shapes.tensors.has(name) && graph.outputs.some((o) => o.name === name)) {
        shapes.tensors.set(name, { type });
        shapes.sources.set(name, 'stored');
      }
    }
    return shapes;
  }

  private label(scope: Scope, node: OnnxNode, index: number): string {
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
      info.value = this.storedValue(info.stored);
      info.stored = undefined;
    }
    return info?.value;
  }

  private fileBytes?: Buffer | null;

  /** The model file's bytes when it is small enough to hold (one read instead of one per constant). */
  private bytes(): Buffer | null {
    if (this.fileBytes === undefined) {
      try {
        this.fileBytes = this.model.fileSize <= MAX_BUFFERED_FILE ? fs.readFileSync(this.model.path) : null;
      } catch {
        this.fileBytes = null;
      }
    }
    return this.fileBytes;
  }

  private storedValue(t: OnnxTensor): Dim[] | undefined {
    if (!this.valueCache.has(t)) {
      const count = t.dims.reduce((a, b) => a * b, 1);
      let value: Dim[] | undefined;
      if (count <= MAX_VALUE_ELEMENTS && t.byteSize <= 8 * MAX_VALUE_ELEMENTS) {
        try {
          const payload = t.payloads[0];
          const bytes = payload?.field === 'raw_data' && t.payloads.length === 1 && !t.external ? this.bytes() : null;
          const source = bytes
            ? {
                elemType: t.elemType,
                dims: t.dims,
                raw: bytes.subarray(payload.offset, payload.offset + payload.length),
              }
            : t;
          value = readTensorValues(this.model.path, source)?.values.map((v) => Number(v));
        } catch {
          value = undefined; // unreadable payloads are the reader rules' business
        }
      }
      this.valueCache.set(t, value);
    }
    return this.valueCache.get(t);
  }

  private inferNode(scope: Scope, node: OnnxNode, index: number): void {
    const label = this.label(scope, node, index);
    let outputs: (TensorInfo | undefined)[] = [];
    try {
      outputs = this.nodeOutputs(scope, node, label, index);
    } catch (error) {
      const message = error instanceof InferError ? error.message : `inference failed: ${(error as Error).message}`;
      this.issues.push({ kind: 'invalid-node', node: label, message: `${node.opType} "${label}": ${message}` });
      outputs = [];
    }
    node.outputs.forEach((name, i) => {
      if (!name) return;
      let info = sanitize(outputs[i]);
      const storedType = scope.stored.get(name);
      let source: TensorSource = 'inferred';
      if (storedType) {
        const merged = info ? this.mergeStored(info, storedType, name, label) : undefined;
        if (merged) info = merged;
        else if (!info) {
          info = { type: storedType };
          source = 'stored';
        }
      }
      if (info) {
        scope.shapes.tensors.set(name, info);
        scope.shapes.sources.set(name, source);
      }
    });
  }

  /** The inferred info refined by a stored type; a contradiction is an issue and inference wins. */
  private mergeStored(info: TensorInfo, stored: OnnxType, name: string, label: string): TensorInfo | undefined {
    const type = info.type;
    if (type.kind !== 'tensor' || stored.kind !== 'tensor') return undefined;
    const problems: string[] = [];
    let elemType = type.elemType;
    if (stored.elemType !== 'UNDEFINED' && elemType !== 'UNDEFINED' && stored.elemType !== elemType)
      problems.push(`element type ${stored.elemType} stored, ${elemType} inferred`);
    if (elemType === 'UNDEFINED') elemType = stored.elemType;
    let shape = type.shape;
    if (shape && stored.shape) {
      if (shape.length !== stored.shape.length)
        problems.push(
          `rank ${stored.shape.length} stored ${formatShape(stored.shape)}, ${shape.length} inferred ${formatShape(shape)}`,
        );
      else {
        const merged: Dim[] = [];
        for (const [i, d] of shape.entries()) {
          const u = unifyDim(d, stored.shape[i]);
          if (typeof u === 'object' && u !== null) {
            problems.push(`dimension ${i} stored ${formatShape(stored.shape)}, inferred ${formatShape(shape)}`);
            merged.push(d);
          } else merged.push(u);
        }
        shape = merged;
      }
    } else shape ??= stored.shape;
    if (problems.length > 0)
      this.issues.push({ kind: 'stored-conflict', node: label, message: `"${name}": ${problems[0]}` });
    return { type: { kind: 'tensor', elemType, shape }, value: info.value, stored: info.stored };
  }

  private nodeOutputs(scope: Scope, node: OnnxNode, label: string, index: number): (TensorInfo | undefined)[] {
    const domain = canonicalDomain(node.domain);
    const opset = scope.opsets.get(domain) ?? (domain === 'ai.onnx' ? 1 : 1);
    const fn = this.functions.get(`${domain}:${node.opType}`);
    const ctx = this.context(scope, node, opset, label, index);
    if (fn && !inferenceFunction(domain, node.opType)) return this.callFunction(scope, node, fn, ctx);
    const infer = inferenceFunction(domain, node.opType);
    if (infer) return infer(ctx);
    return schemaTypes(ctx, domain);
  }

  private callFunction(scope: Scope, node: OnnxNode, fn: OnnxFunction, ctx: InferContext): (TensorInfo | undefined)[] {
    if (scope.depth >= MAX_FUNCTION_DEPTH) ctx.fail(`function calls nest deeper than ${MAX_FUNCTION_DEPTH}`);
    const opsets = new Map(scope.opsets);
    for (const o of fn.opsetImports) opsets.set(canonicalDomain(o.domain), o.version);
    const body: OnnxGraph = {
      name: fn.name,
      nodes: fn.nodes.map((n) => bindAttributes(n, node.attributes, fn.attributeDefaults)),
      initializers: [],
      sparseInitializers: [],
      inputs: fn.inputs.map((name) => ({ name })),
      outputs: fn.outputs.map((name) => ({ name })),
      valueInfo: fn.valueInfo,
      span: fn.span,
    };
    const inputs = fn.inputs.map((_, i) => (node.inputs[i] ? this.lookup(scope, node.inputs[i])?.type : undefined));
    const shapes = this.inferGraph(body, opsets, undefined, `${ctx.node.name || fn.name}`, inputs, scope.depth + 1);
    return fn.outputs.map((name) => shapes.tensors.get(name));
  }

  private context(scope: Scope, node: OnnxNode, opset: number, label: string, index: number): InferContext {
    return new NodeContext<Scope>(this, scope, node, opset, label, index);
  }

  inferSubgraph(
    scope: Scope,
    graph: OnnxGraph,
    path: string,
    key: string,
    inputs: (OnnxType | undefined)[],
  ): (OnnxType | undefined)[] {
    const shapes = this.inferGraph(graph, scope.opsets, scope, path, inputs, scope.depth);
    scope.shapes.subgraphs.set(key, shapes);
    return graph.outputs.map((o) => shapes.tensors.get(o.name)?.type ?? o.type);
  }
}

function emptyShapes(): GraphShapes {
  return { tensors: new Map(), sources: new Map(), subgraphs: new Map() };
}

/** Caps that bound memory: huge dims become unknown, long expressions unknown, big values dropped. */
function sanitize(info: TensorInfo | undefined): TensorInfo | undefined {
  if (!info) return undefined;
  const type = info.type;
  let value = info.value;
  if (value && value.length > MAX_VALUE_ELEMENTS) value = undefined;
  if (type.kind !== 'tensor' || !type.shape) return value === info.value ? info : { ...info, value };
  const shape = type.shape.map((d) =>
    typeof d === 'number'
      ? d >= 0 && d < MAX_DIM && Number.isInteger(d)
        ? d
        : null
      : typeof d === 'string' && d.length > MAX_EXPRESSION_LENGTH
        ? null
        : d,
  );
  return { type: { ...type, shape }, value, stored: info.stored };
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
  return { ...node, attributes };
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
