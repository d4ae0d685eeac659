// Starts the ModelReady language server on this process: stdio (`--stdio`) or Node IPC (`--node-ipc`, how the
// VS Code extension starts it). Shared by dist/server.js and `modelready lsp` in dist/cli.js.
import path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function runLanguageServer(): void {
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
  startServer(connection, { workerFile: path.join(__dirname, 'analysis-worker.js') });
}
