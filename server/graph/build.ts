// Turns one ONNX graph (from server/onnx/reader.ts) and its findings into the graph view's model:
// nodes with ports (shape + dtype), a hierarchy of groups from the name scopes exporters write
// (`/encoder/layer.3/attention/MatMul`), edges bundled per group, and per-node diagnostics.
// Pure (no Node imports) so the CLI, the host and tests share it. The nodes themselves come from view-nodes.ts, the
// edges from group-edges.ts.
import { nodeLabel, type Finding } from '../findings';
import type { GraphShapes } from '../shape-inference/engine';
import type { OnnxGraph, OnnxNode } from '../onnx/model';
import type {
  GraphDiagnostic,
  GraphEdge,
  GraphGroupContent,
  GraphGroupInfo,
  GraphNode,
  GraphNodeSource,
  GraphSkeleton,
  TensorType,
} from '../contract/graph-view';
import { retype } from '../../common/graph-drawing/tensor-type';
import { groupEdges } from './group-edges';
import { tensorTypes, viewNodes } from './view-nodes';

/** No single layout gets more children than this: bigger groups are split into parts. */
export const MAX_GROUP_CHILDREN = 500;
/**
 * Size of those parts. Smaller than the limit because layout time grows faster than linearly (with dagre, the view's
 * engine then, the 10k-node synthetic model's root laid out as 5 parts of 401 took 2.0 s, as 9 parts of 223 0.58 s).
 */
export const PART_SIZE = 250;
/** The first view expands groups (breadth first) only while it shows at most this many boxes. */
export const INITIAL_VISIBLE_BUDGET = 120;

interface MutableGroup {
  info: GraphGroupInfo;
  childGroups: number[];
  nodes: number[];
  /** Smallest node id in the subtree: the file's (topological) order, used to order and split children. */
  firstNode: number;
}

/** The whole view model of one graph; group contents are cut out of it on demand. */
export class GraphModel {
  readonly nodes: GraphNode[];
  readonly diagnostics: GraphDiagnostic[] = [];
  private readonly groups: MutableGroup[] = [];
  private readonly edgesByGroup: Map<number, Map<string, GraphEdge>>;
  private skeletonCache?: GraphSkeleton;
  /** Constant-like nodes (see placementScopes). */
  private readonly constantNodes = new Set<number>();
  /** View node id -> the reader's node, for opening subgraphs. */
  private readonly sourceNodes: Map<number, OnnxNode>;
  /** Where a node came from in Python (set by the host session); looked up when its group is first sent. */
  pythonSource?: (node: OnnxNode) => GraphNodeSource | undefined;
  private readonly sourced = new Set<number>();

  constructor(
    readonly graphId: string,
    readonly title: string,
    readonly modelPath: string,
    readonly source: OnnxGraph,
    findings: Finding[],
    inferred?: GraphShapes,
  ) {
    ({ nodes: this.nodes, sourceNodes: this.sourceNodes } = viewNodes(source, inferred));
    this.buildGroups();
    this.edgesByGroup = groupEdges(this.nodes, (g) => this.ancestors(g));
    this.attachFindings(findings);
  }

  get groupCount(): number {
    return this.groups.length;
  }

  group(id: number): GraphGroupInfo | undefined {
    return this.groups[id]?.info;
  }

  skeleton(): GraphSkeleton {
    this.skeletonCache ??= {
      graphId: this.graphId,
      title: this.title,
      modelPath: this.modelPath,
      nodeCount: this.nodes.length,
      groups: this.groups.map((g) => g.info),
      index: {
        names: this.nodes.map((n) => n.name),
        ops: this.nodes.map((n) => n.op),
        groupOf: this.nodes.map((n) => n.group),
      },
      diagnostics: this.diagnostics,
      initiallyExpanded: this.initiallyExpanded(),
    };
    return this.skeletonCache;
  }

  /** One group's direct nodes, child groups and the edges among them; undefined for an unknown id. */
  content(groupId: number): GraphGroupContent | undefined {
    const group = this.groups[groupId];
    if (!group) return undefined;
    return {
      graphId: this.graphId,
      groupId,
      nodes: group.nodes.map((id) => this.withSource(id)),
      childGroups: group.childGroups,
      edges: [...(this.edgesByGroup.get(groupId)?.values() ?? [])],
    };
  }

  /**
   * Puts inferred types on the ports and edges built from the stored ones (the session infers after sending the
   * skeleton); returns the tensors whose type changed, for the contents the view already holds.
   */
  applyShapes(inferred: GraphShapes): TensorType[] {
    const types = tensorTypes(this.source, inferred);
    const changed = new Map<string, TensorType>();
    const update = (target: { tensor: string; dtype?: string; shape?: string }): void => {
      const known = types.get(target.tensor);
      const type: TensorType = { tensor: target.tensor };
      if (known?.dtype) type.dtype = known.dtype;
      if (known?.shape) type.shape = known.shape;
      if (retype(target, type)) changed.set(target.tensor, type);
    };
    for (const node of this.nodes) {
      node.inputs.forEach(update);
      node.outputs.forEach(update);
    }
    for (const edges of this.edgesByGroup.values()) for (const edge of edges.values()) update(edge);
    return [...changed.values()];
  }

  sourceNode(id: number): OnnxNode | undefined {
    return this.sourceNodes.get(id);
  }

  private withSource(id: number): GraphNode {
    const node = this.nodes[id];
    if (this.pythonSource && !this.sourced.has(id)) {
      this.sourced.add(id);
      const from = this.sourceNodes.get(id);
      const source = from && this.pythonSource(from);
      if (source) node.source = source;
    }
    return node;
  }

  /** Ids of all groups, in breadth-first order from the root. */
  allGroupIds(): number[] {
    return this.groups.map((g) => g.info.id);
  }

  /** Groups within `levels` of the root (root = level 0): for `--expand N`. */
  groupsToDepth(levels: number): number[] {
    return this.groups.filter((g) => g.info.depth < levels).map((g) => g.info.id);
  }

  // --- groups ----------------------------------------------------------------------------------------------------

  private buildGroups(): void {
    // A trie of scope segments; then single-child scopes are folded away and big ones split.
    interface Scope {
      name: string;
      children: Map<string, Scope>;
      nodes: number[];
      firstNode: number;
    }
    const newScope = (name: string): Scope => ({ name, children: new Map(), nodes: [], firstNode: Infinity });
    const root = newScope('');
    const segmentsOf = this.placementScopes();
    for (const node of this.nodes) {
      let scope = root;
      scope.firstNode = Math.min(scope.firstNode, node.id);
      for (const segment of segmentsOf[node.id]) {
        let child = scope.children.get(segment);
        if (!child) scope.children.set(segment, (child = newScope(segment)));
        scope = child;
        scope.firstNode = Math.min(scope.firstNode, node.id);
      }
      scope.nodes.push(node.id);
    }

    const emit = (scope: Scope, parent: number, label: string, path: string, depth: number): number => {
      const id = this.groups.length;
      const group: MutableGroup = {
        info: { id, parent, label, path, nodeCount: 0, problems: { error: 0, warning: 0, info: 0 }, depth },
        childGroups: [],
        nodes: [],
        firstNode: scope.firstNode,
      };
      this.groups.push(group);
      type Child =
        | { kind: 'node'; id: number; first: number }
        | { kind: 'scope'; scope: Scope; label: string; path: string; first: number };
      const children: Child[] = scope.nodes.map((n) => ({ kind: 'node', id: n, first: n }));
      for (const child of scope.children.values()) {
        // Fold chains: a scope holding one scope and no node reads as one box "a/b".
        let s = child;
        let childLabel = s.name;
        while (s.nodes.length === 0 && s.children.size === 1) {
          s = [...s.children.values()][0];
          childLabel += '/' + s.name;
        }
        const childPath = `${path}/${childLabel}`;
        // A scope with a single node is not worth a box: the node sits in the parent.
        if (s.children.size === 0 && s.nodes.filter((n) => !this.constantNodes.has(n)).length <= 1) {
          for (const n of s.nodes) children.push({ kind: 'node', id: n, first: n });
        } else children.push({ kind: 'scope', scope: s, label: childLabel, path: childPath, first: s.firstNode });
      }
      children.sort((a, b) => a.first - b.first);
      const place = (list: Child[], into: MutableGroup): void => {
        for (const c of list) {
          if (c.kind === 'node') into.nodes.push(c.id);
          else into.childGroups.push(emit(c.scope, into.info.id, c.label, c.path, into.info.depth + 1));
        }
      };
      this.splitInto(group, children, place);
      return id;
    };
    emit(root, -1, this.title, '', 0);

    // Nodes know their direct group; counts are summed up the parents (children have larger ids).
    for (const group of this.groups) for (const n of group.nodes) this.nodes[n].group = group.info.id;
    for (let i = this.groups.length - 1; i >= 0; i--) {
      const g = this.groups[i];
      g.info.nodeCount += g.nodes.length;
      if (g.info.parent >= 0) this.groups[g.info.parent].info.nodeCount += g.info.nodeCount;
    }
  }

  /**
   * The scope each node is drawn in: its own name's scope, except for constant-like nodes (Constant, or ops
   * on weights only, like Identity/Cast/DequantizeLinear of an initializer). Exporters name those outside any
   * scope, which would put hundreds of them side by side at the top; they go beside their first consumer.
   */
  private placementScopes(): string[][] {
    const constant = new Set<string>(this.source.initializers.map((t) => t.name));
    const constantNode = this.constantNodes;
    for (const node of this.nodes) {
      if (node.kind !== 'op') continue;
      const onWeights =
        node.op === 'Constant' || (node.inputs.length > 0 && node.inputs.every((p) => constant.has(p.tensor)));
      if (onWeights && node.subgraphs.length === 0) {
        constantNode.add(node.id);
        for (const p of node.outputs) constant.add(p.tensor);
      }
    }
    const consumers = new Map<string, number>();
    for (const node of this.nodes)
      for (const p of node.inputs) if (!consumers.has(p.tensor)) consumers.set(p.tensor, node.id);
    const scopes: string[][] = this.nodes.map((n) => (n.kind === 'op' ? scopeSegments(n.name) : []));
    // Consumers come later in the file (topological order), so walking backwards sees their final scope first.
    for (let id = this.nodes.length - 1; id >= 0; id--) {
      if (!constantNode.has(id)) continue;
      const consumer = this.nodes[id].outputs
        .map((p) => consumers.get(p.tensor))
        .find((c) => c !== undefined && c > id);
      if (consumer !== undefined && this.nodes[consumer].kind === 'op') scopes[id] = scopes[consumer];
    }
    return scopes;
  }

  /** Places `children` into `group`, through "part k of n" groups when there are more than MAX_GROUP_CHILDREN. */
  private splitInto<C>(group: MutableGroup, children: C[], place: (list: C[], into: MutableGroup) => void): void {
    if (children.length <= MAX_GROUP_CHILDREN) {
      place(children, group);
      return;
    }
    const partCount = Math.ceil(children.length / PART_SIZE);
    const partSize = Math.ceil(children.length / Math.min(partCount, PART_SIZE));
    const parts: C[][] = [];
    for (let i = 0; i < children.length; i += partSize) parts.push(children.slice(i, i + partSize));
    const partGroups = parts.map((list, k) => {
      const id = this.groups.length;
      const part: MutableGroup = {
        info: {
          id,
          parent: group.info.id,
          label: `part ${k + 1} of ${parts.length}`,
          path: `${group.info.path}[${k + 1}/${parts.length}]`,
          nodeCount: 0,
          problems: { error: 0, warning: 0, info: 0 },
          depth: group.info.depth + 1,
        },
        childGroups: [],
        nodes: [],
        firstNode: Infinity,
      };
      this.groups.push(part);
      group.childGroups.push(id);
      return { part, list };
    });
    for (const { part, list } of partGroups) this.splitInto(part, list, place);
  }

  private ancestors(groupId: number): number[] {
    const chain: number[] = [];
    for (let g = groupId; g >= 0; g = this.groups[g].info.parent) chain.push(g);
    return chain.reverse();
  }

  // --- findings --------------------------------------------------------------------------------------------------

  private attachFindings(findings: Finding[]): void {
    if (findings.length === 0) return; // the labels below cost a pass over every node
    const byName = new Map<string, number[]>();
    const sourceIndex = new Map(this.source.nodes.map((node, i) => [node, i]));
    for (const [id, source] of this.sourceNodes) {
      const label = nodeLabel(source, sourceIndex.get(source)!);
      const list = byName.get(label);
      if (list) list.push(id);
      else byName.set(label, [id]);
    }
    // Graph inputs and outputs by tensor name: the ones a whole-model finding concerns get its mark too.
    const io = new Map(this.nodes.filter((n) => n.kind !== 'op').map((n) => [n.name, n.id]));
    for (const finding of findings) {
      // An aggregated finding (one per rule and model) marks its anchor node and every related node of the model.
      const named = [
        finding.node,
        ...(finding.related ?? []).filter((r) => r.file === finding.file).map((r) => r.node),
      ];
      const found = named.flatMap((n) => (n === undefined ? [] : (byName.get(n) ?? [])));
      // None: a finding about the whole model, for the view's findings banner, its graph inputs/outputs marked.
      if (found.length === 0) this.attach(finding, -1, concernedIo(finding, named, io));
      else for (const node of new Set(found)) this.attach(finding, node);
    }
  }

  private attach(finding: Finding, node: number, concerns?: number[]): void {
    const index = this.diagnostics.length;
    this.diagnostics.push({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      node,
      fixes: finding.fixes ?? [],
      ...(concerns && concerns.length > 0 && { concerns }),
    });
    for (const id of node >= 0 ? [node] : (concerns ?? [])) {
      this.nodes[id].diagnostics.push(index);
      for (const g of this.ancestors(this.nodes[id].group)) this.groups[g].info.problems[finding.severity]++;
    }
  }

  // --- first view ------------------------------------------------------------------------------------------------

  /**
   * The first view: the cheapest group not yet open (fewest boxes) opens next while the boxes shown stay within the
   * budget. While fewer than half the budget are shown it opens even past it: a first screen of a few boxes (one huge
   * scope under the root) tells nothing, and a group holds at most MAX_GROUP_CHILDREN boxes.
   */
  private initiallyExpanded(): number[] {
    const expanded = [0];
    let visible = this.boxCount(0);
    const closed = [...this.groups[0].childGroups];
    while (closed.length > 0) {
      closed.sort((a, b) => this.boxCount(a) - this.boxCount(b) || a - b);
      const extra = this.boxCount(closed[0]) - 1;
      if (visible + extra > INITIAL_VISIBLE_BUDGET && visible >= INITIAL_VISIBLE_BUDGET / 2) break;
      const id = closed.shift()!;
      visible += extra;
      expanded.push(id);
      closed.push(...this.groups[id].childGroups);
    }
    return expanded;
  }

  private boxCount(groupId: number): number {
    const g = this.groups[groupId];
    return g.nodes.length + g.childGroups.length;
  }
}

/** Scope segments of a node name: "/encoder/layer.3/attention/MatMul" -> ["encoder", "layer.3", "attention"]. */
export function scopeSegments(name: string): string[] {
  const parts = name.split('/').filter((s) => s !== '');
  return parts.slice(0, -1);
}

/**
 * The graph inputs/outputs a whole-model finding is about: those named among its related nodes, or quoted in its
 * message the way the rules name them (`input "input_ids"`, `output "logits"`).
 */
function concernedIo(finding: Finding, named: (string | undefined)[], io: Map<string, number>): number[] {
  const ids = new Set<number>();
  for (const n of named) if (n !== undefined && io.has(n)) ids.add(io.get(n)!);
  for (const m of finding.message.matchAll(/\b(?:input|output) "([^"]*)"/g)) if (io.has(m[1])) ids.add(io.get(m[1])!);
  return [...ids];
}
