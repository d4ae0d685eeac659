// The host side of one graph view: answers the webview's (validated) messages from the GraphModel of the
// model and of its subgraphs (built lazily). Has no vscode import: the extension passes `post` and the
// callbacks; the browser tests drive the same class.
import type { Finding } from '../contract/findings';
import type { OnnxModel } from '../onnx/model';
import type {
  GraphGroupContent,
  GraphHostMessage,
  GraphSkeleton,
  GraphViewMessage,
  OpDocs,
  TensorType,
} from '../contract/graph-view';
import { inferShapes } from '../shape-inference/cache';
import { layoutsNow } from '../../common/graph-drawing/scene';
import { packSkeleton } from '../../common/graph-drawing/skeleton-index';
import { GraphModel } from './build';
import { NodeSources } from './node-sources';
import { subgraphOf } from './view-nodes';
import { acceptMessage, type WebviewHostHooks } from '../webview-messages';
import { checkGraphViewMessage } from './validate';

export interface GraphSessionHooks extends WebviewHostHooks<GraphHostMessage> {
  /**
   * Posts to the view; may return when the message was handed over (VS Code's `webview.postMessage` thenable):
   * shape inference waits for the skeleton's, so it does not hold up the skeleton's way out of this thread.
   */
  post(message: GraphHostMessage): void | PromiseLike<unknown>;
  docs?(op: string, domain: string): OpDocs | null;
  applyFix?(fix: { nodeName: string; ruleId: string; fixId: string }): void;
  exportFile?(format: 'svg' | 'png', data: string): void;
  /** "Reveal in engine": the engine view of this model selects the layers built from the node. */
  revealInEngine?(nodeName: string): void;
  /** Diff mode: the view asks for model A and model B side by side. */
  sideBySide?(): void;
  /** Open a node's Python source: `file` is the workspace file the host resolved for the node, `line` one-based. */
  openSource?(file: string, line: number): void;
}

export interface GraphSessionOptions {
  /** The workspace folder: node source files found under it are linked (none: shown, not linked). */
  sourceRoot?: string;
}

export const MAIN_GRAPH_ID = 'main';

export const INFERENCE_BUDGET_MS = 3_000;
/** A view that never says its first screen is painted (it failed to draw) gets the types this long after the skeleton. */
export const PAINT_WAIT_MS = 1_000;

/** A graph's skeleton with the contents of the groups its first view expands. */
export function firstView(graph: GraphModel): { skeleton: GraphSkeleton; contents: GraphGroupContent[] } {
  const skeleton = graph.skeleton();
  const contents = skeleton.initiallyExpanded.map((id) => graph.content(id));
  return { skeleton, contents: contents.filter((c) => c !== undefined) };
}

function skeletonMessage(graph: GraphModel): GraphHostMessage {
  const view = firstView(graph);
  const contents = new Map(view.contents.map((c) => [c.groupId, c]));
  const expanded = new Set(view.skeleton.initiallyExpanded);
  return {
    type: 'graph/skeleton',
    skeleton: packSkeleton(view.skeleton),
    contents: view.contents,
    layouts: layoutsNow(view.skeleton, (g) => contents.get(g), expanded),
  };
}

export class GraphSession {
  private readonly graphs = new Map<string, GraphModel>();
  private readonly sources: NodeSources;
  private inferred?: Promise<void>;
  /** Settles the wait for the view's first paint (graph/painted). */
  private painted?: () => void;
  private retyped?: TensorType[];
  /** The first skeleton message, made ahead by prepare() while the view loads. */
  private prepared?: GraphHostMessage;
  private skeletonSent = false;

  constructor(
    private readonly model: OnnxModel,
    private readonly findings: Finding[],
    private readonly hooks: GraphSessionHooks,
    options: GraphSessionOptions = {},
  ) {
    if (!model.graph) throw new Error(`${model.path}: the model holds no graph`);
    const title = model.graph.name || model.path.split(/[\\/]/).pop() || 'model';
    this.sources = new NodeSources(model.path, options.sourceRoot);
    // The file's stored types for now; inferred ones follow the first skeleton (inferSoon).
    this.add(new GraphModel(MAIN_GRAPH_ID, title, model.path, model.graph, findings));
  }

  /**
   * Shapes on every edge, also for exports that store no value_info (bounded: a huge model keeps what it got),
   * inferred once the first skeleton was handed over (`delivered`) and the view has painted it (graph/painted; at
   * most PAINT_WAIT_MS after the hand-over): inference takes a core for 50-150 ms, which the page's first paint wants
   * on a small machine. The view gets the types that changed (graph/shapes, once, maybe empty); a skeleton or group
   * sent later carries them.
   */
  private inferSoon(delivered: void | PromiseLike<unknown>): void {
    if (this.inferred) return;
    const painted = new Promise<void>((resolve) => (this.painted = resolve));
    const handedOver = Promise.resolve(delivered).then(
      () => undefined,
      () => undefined,
    );
    const shown = handedOver.then(() => {
      const wait = setTimeout(() => this.painted?.(), PAINT_WAIT_MS);
      return painted.then(() => clearTimeout(wait));
    });
    this.inferred = shown.then(
      () =>
        new Promise<void>((resolve) =>
          // A timer besides: a host whose post settles at once still lets the skeleton leave first.
          setTimeout(() => {
            try {
              // Sent also when nothing changed: the view then knows its types are final.
              void this.hooks.post({ type: 'graph/shapes', graphId: MAIN_GRAPH_ID, tensors: this.applyInferred() });
            } catch (error) {
              void this.hooks.post({
                type: 'graph/error',
                message: `shape inference failed: ${(error as Error).message}`,
              });
            }
            resolve();
          }, 0),
        ),
    );
  }

  /**
   * Makes the first skeleton message (skeleton, the first view's contents and layouts) ahead, while the webview
   * loads: the view's first ask is then answered at once. Does nothing once a skeleton was sent (a later one must
   * carry the inferred types).
   */
  prepare(): void {
    if (!this.skeletonSent) this.prepared ??= skeletonMessage(this.main);
  }

  /** The main graph with the inferred types on it, inferred now if they are not yet (the CLI's SVG). */
  typedMain(): GraphModel {
    this.applyInferred();
    return this.main;
  }

  /** Infers once; returns the tensors whose type changed. */
  private applyInferred(): TensorType[] {
    this.retyped ??= this.main.applyShapes(inferShapes(this.model, { timeLimitMs: INFERENCE_BUDGET_MS }).main);
    return this.retyped;
  }

  /** Settles once the inferred types are on the main graph and posted (after the first `graph/ready`). */
  get shapesDone(): Promise<void> {
    return this.inferred ?? Promise.reject(new Error('no graph/ready yet: shapes are inferred after the skeleton'));
  }

  private add(graph: GraphModel): GraphModel {
    graph.pythonSource = (node) => this.sources.info(node);
    this.graphs.set(graph.graphId, graph);
    return graph;
  }

  get main(): GraphModel {
    return this.graphs.get(MAIN_GRAPH_ID)!;
  }

  /** Answers group requests for another graph too (the side-by-side panes of a diff). */
  adopt(graph: GraphModel): void {
    this.graphs.set(graph.graphId, graph);
  }

  /** Handles one raw message from the webview (checked first; see server/webview-messages.ts). */
  receive(raw: unknown): void {
    const message = acceptMessage(raw, checkGraphViewMessage, this.hooks, (reason): GraphHostMessage => ({
      type: 'graph/error',
      message: `ignored an invalid message from the view: ${reason}`,
    }));
    if (message) this.handle(message);
  }

  private handle(message: GraphViewMessage): void {
    switch (message.type) {
      case 'graph/ready': {
        const message = this.prepared ?? skeletonMessage(this.main);
        this.prepared = undefined;
        this.skeletonSent = true;
        this.inferSoon(this.hooks.post(message));
        return;
      }
      case 'graph/painted':
        this.painted?.();
        return;
      case 'graph/requestGroups': {
        const graph = this.graphs.get(message.graphId);
        const contents = message.groupIds.map((id) => graph?.content(id));
        const missing = message.groupIds.filter((_, i) => !contents[i]);
        if (missing.length > 0)
          this.hooks.post({
            type: 'graph/error',
            message: `no group ${missing.slice(0, 5).join(', ')} in graph ${message.graphId}`,
          });
        else this.hooks.post({ type: 'graph/groups', contents: contents as GraphGroupContent[] });
        return;
      }
      case 'graph/openSubgraph': {
        const sub = this.subgraph(message.graphId, message.nodeId, message.attribute);
        if (sub) this.hooks.post(skeletonMessage(sub));
        else
          this.hooks.post({
            type: 'graph/error',
            message: `no subgraph ${message.attribute} on node ${message.nodeId}`,
          });
        return;
      }
      case 'graph/requestDocs':
        this.hooks.post({
          type: 'graph/docs',
          op: message.op,
          domain: message.domain,
          docs: this.hooks.docs?.(message.op, message.domain) ?? null,
        });
        return;
      case 'graph/applyFix':
        this.hooks.applyFix?.({ nodeName: message.nodeName, ruleId: message.ruleId, fixId: message.fixId });
        return;
      case 'graph/export':
        this.hooks.exportFile?.(message.format, message.data);
        return;
      case 'graph/revealInEngine':
        this.hooks.revealInEngine?.(message.nodeName);
        return;
      case 'graph/openSource': {
        const node = this.graphs.get(message.graphId)?.sourceNode(message.nodeId);
        // Only the file resolved here for that node is opened; the page names a node, never a path.
        const target = node && this.sources.target(node);
        if (target && this.hooks.openSource) this.hooks.openSource(target.file, target.line);
        else
          this.hooks.post({
            type: 'graph/error',
            message: `node ${message.nodeId} of ${message.graphId} has no source file in the workspace`,
          });
        return;
      }
      case 'graph/sideBySide':
        if (this.hooks.sideBySide) this.hooks.sideBySide();
        else this.hooks.post({ type: 'graph/error', message: 'side by side needs two models (Compare ONNX Models)' });
        return;
    }
  }

  private subgraph(graphId: string, nodeId: number, attribute: string): GraphModel | undefined {
    const id = `${graphId}/${nodeId}:${attribute}`;
    const known = this.graphs.get(id);
    if (known) return known;
    const parent = this.graphs.get(graphId);
    const node = parent?.sourceNode(nodeId);
    if (!parent || !node) return undefined;
    const graph = subgraphOf(node.attributes, attribute);
    if (!graph) return undefined;
    const title = `${parent.title} › ${node.name || node.opType} › ${attribute}`;
    return this.add(new GraphModel(id, title, this.model.path, graph, this.findings));
  }
}
