// Talks to the layout worker. In a VS Code webview a Worker cannot be started from the extension's resource
// URL directly (another origin), so the script is fetched and started from a blob: URL (CSP worker-src blob:).
// It starts once the first view is drawn, or when a big layout needs it first: the first view's layouts come with the
// skeleton, and fetching and starting a worker held up the page while the skeleton was on its way. Small layouts
// (most groups) run on the main thread at once. If no worker can be started, every layout runs on the main thread.
import { layoutGroup, type LayoutRequest, type LayoutResult } from '../../common/graph-drawing/layout';

type Reply = { ok: true; result: LayoutResult } | { ok: false; id: string; message: string };

/**
 * Up to this many boxes a layout runs on the main thread: a few milliseconds (bench/graph-layout-engines.ts), less
 * than the trip to the worker and back, and no wait for the worker to start.
 */
export const INLINE_LAYOUT_ITEMS = 150;

export class LayoutClient {
  private worker?: Worker;
  private readonly pending = new Map<string, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }[]>();
  /** Where big layouts run: shown in the status line and read by the tests once `started` settles. */
  mode: 'worker' | 'main-thread' = 'main-thread';
  /** Background layouts, one after the other. */
  private backgroundChain: Promise<void> = Promise.resolve();
  private startup?: Promise<void>;

  constructor(private readonly workerUri: string | undefined) {}

  /** Starts the worker (once); settles once it runs or could not be started. */
  start(): Promise<void> {
    this.startup ??=
      this.workerUri && typeof Worker !== 'undefined' ? this.startWorker(this.workerUri) : Promise.resolve();
    return this.startup;
  }

  private async startWorker(workerUri: string): Promise<void> {
    try {
      const source = await (await fetch(workerUri)).text();
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      this.worker = new Worker(url);
      this.worker.onmessage = (event: MessageEvent<Reply>) => this.settle(event.data);
      this.mode = 'worker';
    } catch {
      this.worker = undefined;
    }
  }

  async layout(request: LayoutRequest): Promise<LayoutResult> {
    if (request.items.length <= INLINE_LAYOUT_ITEMS) return layoutGroup(request);
    await this.start();
    if (!this.worker) return layoutGroup(request);
    return this.inWorker(request);
  }

  /**
   * A layout nobody waits for (warming the cache): in the worker, one at a time, so the main thread stays free and
   * a layout the user asked for queues behind one background layout at most. Only once `mode` is 'worker'.
   */
  background(request: LayoutRequest): Promise<LayoutResult> {
    if (!this.worker) return Promise.reject(new Error('no layout worker'));
    const run = this.backgroundChain.then(() => this.inWorker(request));
    this.backgroundChain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private inWorker(request: LayoutRequest): Promise<LayoutResult> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(request.id);
      if (waiting) {
        waiting.push({ resolve, reject });
        return;
      }
      this.pending.set(request.id, [{ resolve, reject }]);
      this.worker!.postMessage(request);
    });
  }

  private settle(reply: Reply): void {
    const id = reply.ok ? reply.result.id : reply.id;
    const waiting = this.pending.get(id) ?? [];
    this.pending.delete(id);
    for (const w of waiting) {
      if (reply.ok) w.resolve(reply.result);
      else w.reject(new Error(reply.message));
    }
  }
}
