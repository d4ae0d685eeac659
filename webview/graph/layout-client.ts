// Talks to the layout worker. In a VS Code webview a Worker cannot be started from the extension's resource
// URL directly (another origin), so the script is fetched and started from a blob: URL (CSP worker-src blob:).
// If no worker can be started, layouts run on the main thread: slower to open, still correct.
import { layoutGroup, type LayoutRequest, type LayoutResult } from '../../common/graph-drawing/layout';

type Reply = { ok: true; result: LayoutResult } | { ok: false; id: string; message: string };

export class LayoutClient {
  private worker?: Worker;
  private readonly pending = new Map<string, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }[]>();
  /** Where layouts ran: shown in the status line and read by the tests. */
  mode: 'worker' | 'main-thread' = 'main-thread';

  static async start(workerUri: string | undefined): Promise<LayoutClient> {
    const client = new LayoutClient();
    if (workerUri && typeof Worker !== 'undefined') {
      try {
        const source = await (await fetch(workerUri)).text();
        const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        client.worker = new Worker(url);
        client.worker.onmessage = (event: MessageEvent<Reply>) => client.settle(event.data);
        client.mode = 'worker';
      } catch {
        client.worker = undefined;
      }
    }
    return client;
  }

  layout(request: LayoutRequest): Promise<LayoutResult> {
    if (!this.worker) return Promise.resolve(layoutGroup(request));
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
