// Results view entry: connects the view to the extension host (acquireVsCodeApi) and starts it.
import './style.css';
import type { ResultsHostMessage, ResultsViewMessage } from '../../server/contract/results-view';
import { ResultsApp } from './app';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const app = new ResultsApp(document.getElementById('results')!, (message: ResultsViewMessage) =>
  vscode.postMessage(message),
);
window.addEventListener('message', (event: MessageEvent<ResultsHostMessage>) => app.receive(event.data));
vscode.postMessage({ type: 'results/ready' } satisfies ResultsViewMessage);
