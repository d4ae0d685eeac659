// Facts about one graph that several rules need: which tensors are constant (initializers,
// Constant nodes, and what folds from them), known tensor types and shapes, which nodes are live,
// and which names subgraphs read from the outer scope. Each is computed once, on first use.
// A subgraph's facts look names it does not define up in the enclosing graph's facts.
import { nodeLabel } from '../../findings';
import { schemaAt } from '../../knowledge/onnx-schemas';
import type { GraphIndex, TensorEntry } from '../../onnx/model-index';
import { indexGraph } from '../../onnx/model-index';
import type { Dim, OnnxGraph, OnnxNode, OnnxTensor, OnnxType } from '../../onnx/model';
import { attributeGraphs, holdsGraphs, walkGraphs } from '../../onnx/walk';
import type { GraphShapes, ModelShapes } from '../../shape-inference/engine';
import { tensorNumbers } from '../../onnx/tensor-values';

/** Ops whose output differs from run to run: never folded. */
const NONDETERMINISTIC = new Set([
  'RandomNormal',
  'RandomNormalLike',
  'RandomUniform',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
]);

export class GraphFacts {
  private foldableCache?: Set<number>;
  private shapeFoldableCache?: Set<number>;
  private liveCache?: Uint8Array;
  private outerRefsCache?: Set<string>;
  private subgraphFactsCache?: GraphFacts[];
  private readonly valueCache = new Map<string, number[] | undefined>();

  constructor(
    readonly modelPath: string,
    readonly graph: OnnxGraph,
    readonly index: GraphIndex,
    readonly opset: number,
    /** The enclosing graph's facts, for subgraphs (If/Loop/Scan bodies). */
    readonly outer?: GraphFacts,
    /** Where this graph sits, e.g. "loop/body" or a function's name; undefined for the main graph. */
    readonly scope?: string,
    /** The model's inferred types and shapes (main graph), computed on first use; subgraphs take their part. */
    private readonly inferShapes?: () => ModelShapes,
    private readonly inferredPart?: () => GraphShapes | undefined,
  ) {}

  private modelShapesCache?: ModelShapes;

  /** Inference over the whole model (one run shared by every rule), when this is the main graph's facts. */
  get modelShapes(): ModelShapes | undefined {
    if (!this.inferShapes) return this.outer?.modelShapes;
    this.modelShapesCache ??= this.inferShapes();
    return this.modelShapesCache;
  }

  /** Inferred types of this graph's tensors (stored value_info merged in); undefined for function bodies. */
  get inferred(): GraphShapes | undefined {
    return this.inferredPart ? this.inferredPart() : this.modelShapes?.main;
  }

  /** A stable name for a node (see nodeLabel); unnamed nodes of subgraphs carry their subgraph path. */
  label(i: number): string {
    const node = this.graph.nodes[i];
    return this.scope && !node.name ? `${this.scope}/${node.opType}#${i}` : nodeLabel(node, i);
  }

  private graphHoldersCache?: number[];

  /** Indexes of the nodes with a subgraph attribute (If/Loop/Scan): found in one pass, asked by several facts. */
  private get graphHolders(): number[] {
    if (!this.graphHoldersCache) {
      const holders: number[] = [];
      const nodes = this.graph.nodes;
      for (let i = 0; i < nodes.length; i++) if (nodes[i].attributes.some(holdsGraphs)) holders.push(i);
      this.graphHoldersCache = holders;
    }
    return this.graphHoldersCache;
  }

  /** Facts of the subgraphs held by this graph's nodes, all levels down, outermost first. */
  get subgraphFacts(): GraphFacts[] {
    if (!this.subgraphFactsCache) {
      this.subgraphFactsCache = [];
      for (const i of this.graphHolders) {
        const node = this.graph.nodes[i];
        for (const attr of node.attributes) {
          if (!holdsGraphs(attr)) continue;
          for (const sub of attributeGraphs(attr)) {
            const facts = new GraphFacts(
              this.modelPath,
              sub,
              indexGraph(sub),
              this.opset,
              this,
              `${node.name || node.opType}/${sub.name}`,
              undefined,
              () => (attr.g === sub ? this.inferred?.subgraphs.get(`${nodeLabel(node, i)}/${attr.name}`) : undefined),
            );
            this.subgraphFactsCache.push(facts, ...facts.subgraphFacts);
          }
        }
      }
    }
    return this.subgraphFactsCache;
  }

  /** True when this graph itself produces, stores or takes the name as input (not the outer scope). */
  private definesLocally(name: string): boolean {
    const entry = this.index.tensors.get(name);
    return !!entry && defines(entry);
  }

  /** The tensor holding a constant's value: an initializer or a Constant node's `value`. */
  constantTensor(name: string): OnnxTensor | undefined {
    if (this.outer && !this.definesLocally(name)) return this.outer.constantTensor(name);
    const entry = this.index.tensors.get(name);
    return entry && this.localConstant(name, entry);
  }

  /** constantTensor for a name whose entry in this graph's index is at hand (one lookup less). */
  private localConstant(name: string, entry: TensorEntry): OnnxTensor | undefined {
    if (this.outer && !defines(entry)) return this.outer.constantTensor(name);
    if (entry.initializer) return entry.initializer;
    if (entry.producer === undefined) return undefined;
    const node = this.graph.nodes[entry.producer];
    if (node.opType !== 'Constant' || !isDefaultDomain(node)) return undefined;
    return node.attributes.find((a) => a.name === 'value')?.t;
  }

  /** Initializer or Constant node output (no computation needed). */
  isStoredConstant(name: string): boolean {
    const entry = this.index.tensors.get(name);
    // Names this graph does not know may be the enclosing graph's constants.
    if (!entry) return !!this.outer && this.outer.isStoredConstant(name);
    return this.storedEntry(name, entry);
  }

  /** isStoredConstant for a name this graph's index holds: answered from its entry (no set of names is built). */
  private storedEntry(name: string, entry: TensorEntry): boolean {
    if (this.outer && !defines(entry)) return this.outer.isStoredConstant(name);
    return this.storesConstant(entry);
  }

  /** The entry is an initializer (not a graph input) or a Constant node's output of this graph. */
  private storesConstant(entry: TensorEntry): boolean {
    if (entry.initializer && !entry.graphInput) return true;
    return entry.producer !== undefined && isStoredConstantNode(this.graph.nodes[entry.producer]);
  }

  /** Known at build time: stored, or computed only from stored constants (and static shapes). */
  isBuildTimeConstant(name: string): boolean {
    if (this.isStoredConstant(name)) return true;
    const producer = this.index.tensors.get(name)?.producer;
    return producer !== undefined && (this.foldable.has(producer) || this.shapeFoldable.has(producer));
  }

  /** Small constant values (axes, zero points, K); undefined when not stored or too big. */
  constantValues(name: string): number[] | undefined {
    if (!this.valueCache.has(name)) {
      const tensor = this.constantTensor(name);
      this.valueCache.set(name, tensor ? tensorNumbers(this.modelPath, tensor) : undefined);
    }
    return this.valueCache.get(name);
  }

  /** Nodes (not Constant ones) whose inputs are all stored constants or outputs of such nodes. */
  get foldable(): Set<number> {
    this.foldableCache ??= this.propagate(() => false);
    return this.foldableCache;
  }

  /** Nodes that become constant once Shape/Size of statically shaped tensors are known, minus `foldable`. */
  get shapeFoldable(): Set<number> {
    if (!this.shapeFoldableCache) {
      // Without Shape/Size nodes the seeded walk would find exactly `foldable`: none are added.
      const counts = this.index.opCounts;
      if (!counts.Shape && !counts.Size) return (this.shapeFoldableCache = new Set<number>());
      const all = this.propagate(
        (node) =>
          (node.opType === 'Shape' || node.opType === 'Size') &&
          isDefaultDomain(node) &&
          this.isStaticShape(node.inputs[0]),
      );
      const foldable = this.foldable;
      this.shapeFoldableCache = new Set<number>();
      for (const i of all) if (!foldable.has(i)) this.shapeFoldableCache.add(i);
    }
    return this.shapeFoldableCache;
  }

  private propagate(seed: (node: OnnxNode) => boolean): Set<number> {
    // Outputs of folding nodes, marked by tensor id; stored constants are asked of each slot's index entry.
    const { inputStart, outputStart, slotEntries } = this.index;
    const computed = new Uint8Array(this.index.tensorCount);
    const out = new Set<number>();
    // Nodes are in topological order in a valid model, so one pass suffices.
    const nodes = this.graph.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.opType === 'Constant' || !isDefaultDomain(node) || NONDETERMINISTIC.has(node.opType)) continue;
      if (node.attributes.some(holdsGraphs)) continue;
      if (!seed(node) && !this.allConstant(slotEntries, inputStart[i], node.inputs.length, computed)) continue;
      out.add(i);
      for (let k = outputStart[i], end = k + node.outputs.length; k < end; k++) {
        const e = slotEntries[k];
        if (e) computed[e.id] = 1;
      }
    }
    return out;
  }

  /** True when every non-empty input slot is computed or stored constant, and there is at least one. */
  private allConstant(
    slotEntries: (TensorEntry | undefined)[],
    start: number,
    count: number,
    computed: Uint8Array,
  ): boolean {
    let any = false;
    for (let k = start; k < start + count; k++) {
      const e = slotEntries[k];
      if (e === undefined) continue;
      if (!computed[e.id] && !this.storedEntry(e.name, e)) return false;
      any = true;
    }
    return any;
  }

  /** Per node, 1 when its outputs reach a graph output (or a subgraph that reads them). */
  get live(): Uint8Array {
    if (!this.liveCache) {
      // Walked by node (a node is visited once), its inputs followed through the index's slots, marks in a typed array.
      const { tensors, inputStart, slotEntries } = this.index;
      const live = new Uint8Array(this.graph.nodes.length);
      const stack: number[] = [];
      const mark = (producer: number | undefined) => {
        if (producer !== undefined && !live[producer]) {
          live[producer] = 1;
          stack.push(producer);
        }
      };
      for (const o of this.graph.outputs) mark(tensors.get(o.name)?.producer);
      for (const name of this.outerReferences) mark(tensors.get(name)?.producer);
      while (stack.length > 0) {
        const p = stack.pop()!;
        for (let k = inputStart[p], end = k + this.graph.nodes[p].inputs.length; k < end; k++)
          mark(slotEntries[k]?.producer);
      }
      this.liveCache = live;
    }
    return this.liveCache;
  }

  /** Names read by nodes of subgraphs (If/Loop/Scan bodies) that may come from this graph. */
  get outerReferences(): Set<string> {
    if (!this.outerRefsCache) {
      const refs = new Set<string>();
      for (const i of this.graphHolders) {
        for (const attr of this.graph.nodes[i].attributes) {
          if (!holdsGraphs(attr)) continue;
          for (const sub of attributeGraphs(attr)) {
            for (const { graph } of walkGraphs(sub))
              for (const n of graph.nodes) for (const input of n.inputs) if (input) refs.add(input);
          }
        }
      }
      this.outerRefsCache = refs;
    }
    return this.outerRefsCache;
  }

  typeOf(name: string): OnnxType | undefined {
    const entry = this.index.tensors.get(name);
    if (this.outer && !this.definesLocally(name) && !entry?.valueInfo) return this.outer.typeOf(name);
    if (!entry) return undefined;
    if (entry.initializer)
      return { kind: 'tensor', elemType: entry.initializer.elemType, shape: entry.initializer.dims };
    const constant = this.constantTensor(name);
    if (constant) return { kind: 'tensor', elemType: constant.elemType, shape: constant.dims };
    return this.computedType(name, entry);
  }

  /** A tensor's type when it is no stored constant: inferred, else as the graph declares it. */
  private computedType(name: string, entry: TensorEntry): OnnxType | undefined {
    return (
      this.inferred?.tensors.get(name)?.type ??
      entry.graphInput?.type ??
      entry.valueInfo?.type ??
      entry.graphOutput?.type
    );
  }

  /** typeOf's element type, found without building type objects: rules ask for every input of every node. */
  elemType(name: string): string | undefined {
    return this.entryElemType(name, this.index.tensors.get(name));
  }

  /** elemType of node i's input slot k (a non-empty one), through the index's slot: no name lookup. */
  inputElemType(i: number, k: number): string | undefined {
    const entry = this.index.slotEntries[this.index.inputStart[i] + k];
    return entry && this.entryElemType(entry.name, entry);
  }

  private entryElemType(name: string, entry: TensorEntry | undefined): string | undefined {
    if (this.outer && !entry?.valueInfo && !(entry && defines(entry))) return this.outer.elemType(name);
    if (!entry) return undefined;
    const stored = entry.initializer ?? this.localConstant(name, entry);
    if (stored) return stored.elemType !== 'UNDEFINED' ? stored.elemType : undefined;
    const type = this.computedType(name, entry);
    return type && (type.kind === 'tensor' || type.kind === 'sparse_tensor') && type.elemType !== 'UNDEFINED'
      ? type.elemType
      : undefined;
  }

  shapeOf(name: string): Dim[] | undefined {
    const type = this.typeOf(name);
    return type && (type.kind === 'tensor' || type.kind === 'sparse_tensor') ? type.shape : undefined;
  }

  isStaticShape(name: string | undefined): boolean {
    const shape = name ? this.shapeOf(name) : undefined;
    return shape !== undefined && shape.every((d) => typeof d === 'number' && d >= 0);
  }

  /** The tensor name a node passes for a named formal input of its schema (undefined when absent or empty). */
  namedInput(node: OnnxNode, inputName: string): string | undefined {
    const schema = schemaAt(node.domain, node.opType, this.opset);
    const position = schema?.inputs.findIndex((p) => p.name === inputName) ?? -1;
    if (position < 0) return undefined;
    const name = node.inputs[position];
    return name ? name : undefined;
  }

  namedOutputIndex(node: OnnxNode, outputName: string): number {
    return schemaAt(node.domain, node.opType, this.opset)?.outputs.findIndex((p) => p.name === outputName) ?? -1;
  }

  /** True when some node or the graph's outputs read this tensor. */
  isUsed(name: string): boolean {
    const entry = this.index.tensors.get(name);
    return !!entry && this.isUsedEntry(entry);
  }

  /** isUsed of a tensor whose entry in this graph's index is at hand (one lookup less). */
  isUsedEntry(entry: TensorEntry): boolean {
    return entry.consumers.length > 0 || !!entry.graphOutput || this.outerReferences.has(entry.name);
  }
}

/** True when the entry's graph produces, stores or takes the tensor as input. */
function defines(entry: TensorEntry): boolean {
  return entry.producer !== undefined || !!entry.initializer || !!entry.graphInput;
}

function isStoredConstantNode(node: OnnxNode): boolean {
  return node.opType === 'Constant' && isDefaultDomain(node);
}

export function isDefaultDomain(node: { domain: string }): boolean {
  return node.domain === '' || node.domain === 'ai.onnx';
}
