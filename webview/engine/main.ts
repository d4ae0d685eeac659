// Engine view entry: connects the view to the extension host (acquireVsCodeApi) and starts it.
import './style.css';
import type { EngineHostMessage, EngineViewMessage } from '../../server/contract/engine-view';
import { EngineApp } from './app';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const app = new EngineApp(document.getElementById('engine')!, (message: EngineViewMessage) =>
  vscode.postMessage(message),
);
window.addEventListener('message', (event: MessageEvent<EngineHostMessage>) => app.receive(event.data));
vscode.postMessage({ type: 'engine/ready' } satisfies EngineViewMessage);
