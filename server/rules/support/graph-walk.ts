// Walks over every graph a rule judges: all nodes (subgraphs included) with their labels, verdicts per distinct op,
// and the facts of every graph TensorRT imports (model-local function bodies included).
import { indexGraph } from '../../onnx/model-index';
import type { OnnxFunction, OnnxModel, OnnxNode } from '../../onnx/model';
import { functionBodyGraph } from '../../onnx/walk';
import { GraphFacts } from './graph-facts';

export interface LabelledNode {
  node: OnnxNode;
  label: string;
  /** True for nodes of subgraphs (If/Loop/Scan bodies). */
  nested: boolean;
}

const labelledNodes = new WeakMap<GraphFacts, LabelledNode[]>();

/**
 * Every node of the model's graphs, subgraphs included, each with a label the graph view can find. Listed once per
 * facts: six rules walk it, and a 30k-node model made 30k objects per walk.
 */
export function allNodes(facts: GraphFacts): readonly LabelledNode[] {
  let list = labelledNodes.get(facts);
  if (!list) {
    list = [];
    for (const scope of [facts, ...facts.subgraphFacts]) {
      const nodes = scope.graph.nodes;
      for (let i = 0; i < nodes.length; i++)
        list.push({ node: nodes[i], label: scope.label(i), nested: scope !== facts });
    }
    labelledNodes.set(facts, list);
  }
  return list;
}

const opsByFacts = new WeakMap<GraphFacts, Map<string, Set<string>>>();

/**
 * The op types of allNodes(facts) by domain (as nodes write it), found once per facts from the graphs' nodes (the
 * labelled list is made only when some op is reported).
 */
function opsByDomain(facts: GraphFacts): Map<string, Set<string>> {
  let ops = opsByFacts.get(facts);
  if (!ops) {
    ops = new Map();
    for (const scope of [facts, ...facts.subgraphFacts]) {
      const nodes = scope.graph.nodes;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        const inDomain = ops.get(node.domain);
        if (inDomain) inDomain.add(node.opType);
        else ops.set(node.domain, new Set([node.opType]));
      }
    }
    opsByFacts.set(facts, ops);
  }
  return ops;
}

/**
 * Reports of a rule whose verdict on a node depends only on its domain and op type: `judge` (a message, or undefined)
 * runs once per distinct op of allNodes(facts) instead of once per node, and the nodes are walked, in order, only when
 * some op gets a message.
 */
export function reportsByOp(
  facts: GraphFacts,
  judge: (domain: string, opType: string) => string | undefined,
): { node: string; message: string }[] {
  const verdicts = new Map<string, Map<string, string>>();
  for (const [domain, ops] of opsByDomain(facts)) {
    for (const opType of ops) {
      const verdict = judge(domain, opType);
      if (verdict === undefined) continue;
      const inDomain = verdicts.get(domain);
      if (inDomain) inDomain.set(opType, verdict);
      else verdicts.set(domain, new Map([[opType, verdict]]));
    }
  }
  if (verdicts.size === 0) return [];
  const reports: { node: string; message: string }[] = [];
  for (const { node, label } of allNodes(facts)) {
    const message = verdicts.get(node.domain)?.get(node.opType);
    if (message !== undefined) reports.push({ node: label, message });
  }
  return reports;
}

const graphFactsByFacts = new WeakMap<GraphFacts, GraphFacts[]>();

/**
 * Facts of every graph whose nodes TensorRT imports: the main graph, its subgraphs, and the bodies of
 * model-local functions (the parser inlines calls to them) with their subgraphs. Made once per facts (of one model):
 * five rules walk them, and each function body's graph, index and facts would otherwise be built again for each.
 */
export function allGraphFacts(facts: GraphFacts, model: OnnxModel): readonly GraphFacts[] {
  let all = graphFactsByFacts.get(facts);
  if (!all) {
    const functionFacts = model.functions.map((fn) => {
      const graph = functionBodyGraph(fn); // its inputs are untyped graph inputs (never constants)
      return new GraphFacts(
        facts.modelPath,
        graph,
        indexGraph(graph),
        functionOpset(fn, facts.opset),
        undefined,
        fn.name,
      );
    });
    all = [facts, ...facts.subgraphFacts, ...functionFacts.flatMap((f) => [f, ...f.subgraphFacts])];
    graphFactsByFacts.set(facts, all);
  }
  return all;
}

function functionOpset(fn: OnnxFunction, modelOpset: number): number {
  return fn.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? modelOpset;
}
