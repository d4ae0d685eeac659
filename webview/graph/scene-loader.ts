// Turns "these groups are expanded" into a scene: fetches the missing group contents from the host, lays each
// group out through the layout worker (cached per group) and composes them. A newer request supersedes an older one.
import type { LayoutResult } from '../../common/graph-drawing/layout';
import { buildScene, layoutTree, type Scene } from '../../common/graph-drawing/scene';
import type { GraphSkeleton } from '../../server/contract/graph-view';
import type { GroupStore } from './group-store';
import type { LayoutClient } from './layout-client';

export class SceneLoader {
  private readonly cache = new Map<string, Promise<LayoutResult>>();
  /** Number of the latest request; the view reports it once that scene is painted (`data-render-seq`). */
  seq = 0;

  constructor(
    private readonly groups: GroupStore,
    private readonly layout: LayoutClient,
    /** Where the timings go, for the benchmark: `data-load-ms` (groups from the host), `data-layout-ms`. */
    private readonly timings: DOMStringMap,
  ) {}

  /** Layouts made elsewhere (the host's, for the first view): taken from the cache like the view's own. */
  seed(layouts: LayoutResult[]): void {
    for (const layout of layouts) if (!this.cache.has(layout.id)) this.cache.set(layout.id, Promise.resolve(layout));
  }

  /** The scene with the `visible` groups expanded, or undefined when a newer request superseded this one. */
  async build(skeleton: GraphSkeleton, visible: number[]): Promise<Scene | undefined> {
    const seq = ++this.seq;
    const started = performance.now();
    await this.groups.load(skeleton.graphId, visible);
    const loadedAt = performance.now();
    const scene = await buildScene({
      skeleton,
      content: (g) => this.groups.get(skeleton.graphId, g),
      expanded: new Set(visible),
      layout: (r) => this.layout.layout(r),
      cache: this.cache,
    });
    if (seq !== this.seq) return undefined;
    this.timings.loadMs = String(Math.round(loadedAt - started));
    this.timings.layoutMs = String(Math.round(performance.now() - loadedAt));
    return scene;
  }

  /**
   * Lays out every group of the fully expanded view into the cache, in the worker (see prefetch.ts); the contents
   * are loaded. Stops laying out once `wanted` says the skeleton is no longer shown.
   */
  async warm(skeleton: GraphSkeleton, wanted: () => boolean): Promise<void> {
    await this.layout.start();
    if (this.layout.mode !== 'worker') return;
    const all = skeleton.groups.map((g) => g.id);
    await layoutTree({
      skeleton,
      content: (g) => this.groups.get(skeleton.graphId, g),
      expanded: new Set(all),
      layout: (r) => (wanted() ? this.layout.background(r) : Promise.reject(new Error('superseded'))),
      cache: this.cache,
    }).catch(() => undefined); // superseded, or a layout failed: Expand all lays out what is missing itself
  }
}
