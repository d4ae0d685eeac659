// Group contents received from the host, by graph and group, and the requests for the missing ones: one
// `graph/requestGroups` message per batch, every caller waiting on the same answer.
import type { GraphGroupContent, GraphNode, GraphViewMessage } from '../../server/contract/graph-view';

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
