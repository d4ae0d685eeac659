// Webview entry: connects the graph view to the extension host (acquireVsCodeApi) and starts it.
import './style.css';
import type { GraphHostMessage, GraphViewMessage } from '../server/protocol';
import { GraphApp } from './app';
import { LayoutClient } from './layout-client';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

async function start(): Promise<void> {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app')!;
  const layout = await LayoutClient.start(root.dataset.workerUri);
  const app = new GraphApp(root, layout, (message: GraphViewMessage) => vscode.postMessage(message));
  window.addEventListener('message', (event: MessageEvent<GraphHostMessage>) => app.receive(event.data));
  vscode.postMessage({ type: 'graph/ready' } satisfies GraphViewMessage);
}

void start();
