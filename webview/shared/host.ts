// Connects a view that fills one element to the extension host: messages in through window 'message' events, out
// through acquireVsCodeApi; tells the host the view is listening once it is built.
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

export function startView<Host, View>(
  rootId: string,
  create: (root: HTMLElement, post: (message: View) => void) => { receive(message: Host): void },
  ready: View,
): void {
  const vscode = acquireVsCodeApi();
  const app = create(document.getElementById(rootId)!, (message) => vscode.postMessage(message));
  window.addEventListener('message', (event: MessageEvent<Host>) => app.receive(event.data));
  vscode.postMessage(ready);
}
