// After a graph's first paint, gets ready for Expand all in the background: the contents of every group not loaded
// yet come from the host in batches (the next asked once the last arrived, so no message is big enough to make a
// long task), then the layouts of the fully expanded view are computed in the worker, one at a time, and its scene
// composed. Expand all then fetches and lays out nothing: it draws that scene (bench/graph-view.ts measures it
// against Netron).
import type { GraphSkeleton } from '../../server/contract/graph-view';
import type { GroupStore } from './group-store';
import type { SceneLoader } from './scene-loader';

/** Nodes per batch of group contents: about 1 MB of JSON (bert: 0.57 kB a node), parsed in about 10 ms. */
export const PREFETCH_BATCH_NODES = 2_000;
/** Above this many nodes the expanded view's layouts are not computed ahead (seconds of worker time). */
export const WARM_MAX_NODES = 50_000;

/** Group ids in batches of about `batchNodes` direct nodes (a group's own nodes, not its subgroups'). */
export function prefetchBatches(
  skeleton: GraphSkeleton,
  skip: (groupId: number) => boolean,
  batchNodes = PREFETCH_BATCH_NODES,
): number[][] {
  const direct = skeleton.groups.map((g) => g.nodeCount);
  for (const g of skeleton.groups) if (g.parent >= 0) direct[g.parent] -= g.nodeCount;
  const batches: number[][] = [];
  let batch: number[] = [];
  let size = 0;
  for (const g of skeleton.groups) {
    if (skip(g.id)) continue;
    batch.push(g.id);
    size += direct[g.id];
    if (size >= batchNodes) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Prefetches once per skeleton, after its first paint, when the view is idle. */
export class Prefetcher {
  private last?: GraphSkeleton;

  constructor(
    private readonly groups: GroupStore,
    private readonly loader: SceneLoader,
    /** The skeleton shown: a newer one stops the prefetch of the older. */
    private readonly current: () => GraphSkeleton | undefined,
    /** `data-prefetched`: 'contents', then 'layouts' (also when there is no worker to warm them in). */
    private readonly data: DOMStringMap,
    /** Called once the expanded view is prepared (the benchmark's `data-prefetched-ms`). */
    private readonly prepared: () => void,
  ) {}

  afterPaint(): void {
    const skeleton = this.current();
    if (!skeleton || skeleton === this.last) return;
    this.last = skeleton;
    delete this.data.prefetched;
    requestIdleCallback(() => void this.run(skeleton), { timeout: 500 });
  }

  private async run(skeleton: GraphSkeleton): Promise<void> {
    const { graphId } = skeleton;
    const shown = () => this.current() === skeleton;
    for (const batch of prefetchBatches(skeleton, (g) => this.groups.get(graphId, g) !== undefined)) {
      if (!shown()) return;
      await this.groups.load(graphId, batch);
    }
    if (!shown()) return;
    this.data.prefetched = 'contents';
    if (skeleton.nodeCount <= WARM_MAX_NODES) await this.loader.warm(skeleton, shown);
    if (!shown()) return;
    this.data.prefetched = 'layouts';
    this.prepared();
  }
}
