// Webview entry: connects the graph view to the extension host (acquireVsCodeApi) and starts it.
import './style.css';
import './graph-elements.css';
import type { GraphHostMessage, GraphViewMessage } from '../../server/contract/graph-view';
import { GraphApp } from './app';
import { LayoutClient } from './layout-client';

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app')!;
  // The worker starts after the first paint (see layout-client.ts).
  const layout = new LayoutClient(root.dataset.workerUri);
  // VS Code keeps the view state (expanded groups, selection, zoom) while the webview is gone (hidden, moved).
  const store = { get: () => vscode.getState(), set: (state: unknown) => vscode.setState(state) };
  const app = new GraphApp(root, layout, (message: GraphViewMessage) => vscode.postMessage(message), store);
  window.addEventListener('message', (event: MessageEvent<GraphHostMessage>) => app.receive(event.data));
  app.start();
}

start();
