// Starts the ModelReady language server on this process: stdio (`--stdio`, how the VS Code extension and Neovim
// start it) or Node IPC (`--node-ipc`). Shared by dist/server.js (through server-core.js) and `modelready lsp`.
import path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { Worker } from 'node:worker_threads';
import { startServer } from './server';

/** `started`: analysis workers already running (dist/server.js starts the first before loading this bundle). */
export function runLanguageServer(started?: Worker[]): void {
  const connection = createConnection(ProposedFeatures.all);
  // A failure while handling one file must not end the server: log it and keep serving.
  process.on('uncaughtException', (error) =>
    connection.console.error(`[modelready] unexpected error: ${error.stack ?? error.message}`),
  );
  process.on('unhandledRejection', (reason) =>
    connection.console.error(
      `[modelready] unexpected rejection: ${reason instanceof Error ? reason.stack : String(reason)}`,
    ),
  );
  // Both bundles sit in dist/ beside the worker bundle.
  startServer(connection, { workerFile: path.join(__dirname, 'analysis-worker.js'), startedWorkers: started });
}
