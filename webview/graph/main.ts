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

async function start(): Promise<void> {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app')!;
  const layout = await LayoutClient.start(root.dataset.workerUri);
  // VS Code keeps the view state (expanded groups, selection, zoom) while the webview is gone (hidden, moved).
  const store = { get: () => vscode.getState(), set: (state: unknown) => vscode.setState(state) };
  const app = new GraphApp(root, layout, (message: GraphViewMessage) => vscode.postMessage(message), store);
  window.addEventListener('message', (event: MessageEvent<GraphHostMessage>) => app.receive(event.data));
  vscode.postMessage({ type: 'graph/ready' } satisfies GraphViewMessage);
}

void start();
