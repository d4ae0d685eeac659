// The skeleton being opened, for the host messages that act on the graph shown: a reveal sent right behind a skeleton
// (a Problems click, an engine layer) or the diff waits until its groups are loaded and drawn.
import type { GraphHostMessage, GraphSkeleton } from '../../server/contract/graph-view';

export class Openings {
  private opening: Promise<void> = Promise.resolve();

  /** A skeleton started opening. */
  started(opening: Promise<void>): void {
    this.opening = opening;
  }

  /** Settles once the skeleton opening now is shown. */
  current(): Promise<void> {
    return this.opening;
  }

  /**
   * Settles once the latest skeleton is shown. A skeleton that arrives while a reveal waits (the model re-analysed
   * with other findings) resets the selection as it opens, so the reveal waits for it too.
   */
  async latest(): Promise<void> {
    for (let opening = this.opening; ; opening = this.opening) {
      await opening;
      if (opening === this.opening) return;
    }
  }
}

/** A reveal's nodes by name in `skeleton`: the node's id (-1: no such node) and those of `together` found. */
export function revealTargets(
  skeleton: GraphSkeleton | undefined,
  message: Extract<GraphHostMessage, { type: 'graph/reveal' }>,
): { id: number; together: number[] } {
  const idOf = (name: string) => skeleton?.index.names.indexOf(name) ?? -1;
  return { id: idOf(message.nodeName), together: (message.together ?? []).map(idOf).filter((t) => t >= 0) };
}
