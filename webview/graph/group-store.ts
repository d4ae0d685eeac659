// Group contents received from the host, by graph and group, and the requests for the missing ones: one
// `graph/requestGroups` message per batch, every caller waiting on the same answer.
import type { GraphGroupContent, GraphNode, GraphViewMessage, TensorType } from '../../server/contract/graph-view';
import { retype } from '../../common/graph-drawing/tensor-type';

export class GroupStore {
  private readonly contents = new Map<string, GraphGroupContent>();
  private readonly waiting = new Map<string, (c: GraphGroupContent) => void>();
  /** Nodes of the graph shown, by id (for the side panel and subgraph opening). */
  readonly nodes = new Map<number, GraphNode>();

  constructor(private readonly post: (message: GraphViewMessage) => void) {}

  get(graphId: string, groupId: number): GraphGroupContent | undefined {
    return this.contents.get(`${graphId}:${groupId}`);
  }

  /** New data for a graph (findings changed, model rewritten): what was loaded for it is stale. */
  forget(graphId: string): void {
    for (const key of [...this.contents.keys()]) if (key.startsWith(`${graphId}:`)) this.contents.delete(key);
  }

  receive(contents: GraphGroupContent[], shownGraphId: string | undefined): void {
    for (const content of contents) {
      const key = `${content.graphId}:${content.groupId}`;
      this.contents.set(key, content);
      if (content.graphId === shownGraphId) for (const n of content.nodes) this.nodes.set(n.id, n);
      this.waiting.get(key)?.(content);
      this.waiting.delete(key);
    }
  }

  /** Inferred types that came after the contents: the ports and edges of `graphId`'s loaded groups take them. */
  retype(graphId: string, types: ReadonlyMap<string, TensorType>): void {
    for (const [key, content] of this.contents) {
      if (!key.startsWith(`${graphId}:`)) continue;
      for (const node of content.nodes)
        for (const port of [...node.inputs, ...node.outputs]) {
          const type = types.get(port.tensor);
          if (type) retype(port, type);
        }
      for (const edge of content.edges) {
        const type = types.get(edge.tensor);
        if (type) retype(edge, type);
      }
    }
  }

  /** Asks the host (in one message) for the groups not loaded yet and waits for all of them. */
  async load(graphId: string, groupIds: number[]): Promise<void> {
    const missing: number[] = [];
    const waits = groupIds.map((groupId) => {
      const key = `${graphId}:${groupId}`;
      const known = this.contents.get(key);
      if (known) {
        // Cached before (Back from a subgraph): its nodes are the shown graph's again.
        for (const n of known.nodes) this.nodes.set(n.id, n);
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const already = this.waiting.get(key);
        this.waiting.set(key, (c) => {
          already?.(c);
          resolve();
        });
        if (!already) missing.push(groupId);
      });
    });
    if (missing.length > 0) this.post({ type: 'graph/requestGroups', graphId, groupIds: missing });
    await Promise.all(waits);
  }
}
