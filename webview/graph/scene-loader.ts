// Turns "these groups are expanded" into a scene: fetches the missing group contents from the host, lays each
// group out through the layout worker (cached per group) and composes them. A newer request supersedes an older one.
// The fully expanded view's scene is composed ahead, in the background (warm), so Expand all only draws it.
import type { LayoutResult } from '../../common/graph-drawing/layout';
import { buildScene, layoutTree, type Scene } from '../../common/graph-drawing/scene';
import type { GraphSkeleton } from '../../server/contract/graph-view';
import type { GroupStore } from './group-store';
import type { LayoutClient } from './layout-client';

export class SceneLoader {
  private readonly cache = new Map<string, Promise<LayoutResult>>();
  /** The scene with every group of `skeleton` expanded, composed by `warm`. */
  private composed?: { skeleton: GraphSkeleton; scene: Scene };
  /** Number of the latest request; the view reports it once that scene is painted (`data-render-seq`). */
  seq = 0;

  constructor(
    private readonly groups: GroupStore,
    private readonly layout: LayoutClient,
    /** Where the timings go, for the benchmark: `data-load-ms` (groups from the host), `data-layout-ms`; and `data-composed-ahead`. */
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
    // Visible groups are distinct groups of the skeleton: as many as it has means all of them.
    const ahead = this.composed?.skeleton === skeleton && visible.length === skeleton.groups.length;
    const scene = ahead
      ? this.composed!.scene
      : await buildScene({
          skeleton,
          content: (g) => this.groups.get(skeleton.graphId, g),
          expanded: new Set(visible),
          layout: (r) => this.layout.layout(r),
          cache: this.cache,
        });
    if (seq !== this.seq) return undefined;
    this.timings.loadMs = String(Math.round(loadedAt - started));
    this.timings.layoutMs = String(Math.round(performance.now() - loadedAt));
    // Whether the scene was the one composed ahead: tests read this, not a layout time rounded to 0.
    this.timings.composedAhead = String(ahead);
    return scene;
  }

  /** The fully expanded view's scene composed ahead for `skeleton`, if any (late types relabel it). */
  composedFor(skeleton: GraphSkeleton | undefined): Scene | undefined {
    return skeleton && this.composed?.skeleton === skeleton ? this.composed.scene : undefined;
  }

  /**
   * Lays out every group of the fully expanded view into the cache, in the worker (see prefetch.ts), then composes
   * its scene; the contents are loaded. Stops once `wanted` says the skeleton is no longer shown.
   */
  async warm(skeleton: GraphSkeleton, wanted: () => boolean): Promise<void> {
    await this.layout.start();
    if (this.layout.mode !== 'worker') return;
    const input = {
      skeleton,
      content: (g: number) => this.groups.get(skeleton.graphId, g),
      expanded: new Set(skeleton.groups.map((g) => g.id)),
      cache: this.cache,
    };
    try {
      await layoutTree({
        ...input,
        layout: (r) => (wanted() ? this.layout.background(r) : Promise.reject(new Error('superseded'))),
      });
    } catch {
      return; // superseded, or a layout failed: Expand all lays out what is missing itself
    }
    // Every layout is cached: this only places the boxes (a few ms), here rather than in the click.
    if (wanted())
      this.composed = { skeleton, scene: await buildScene({ ...input, layout: (r) => this.layout.layout(r) }) };
  }
}
