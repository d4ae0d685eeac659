// `modelready lsp --stdio`: the same language server as dist/server.js, for editors that start a command.
import { runLanguageServer } from '../lsp/run';
import { CliUsageError } from './usage';

export function runLsp(args: string[]): Promise<number> {
  if (
    !args.some(
      (a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'),
    )
  ) {
    throw new CliUsageError('choose a transport: --stdio (or --node-ipc when started by Node)');
  }
  runLanguageServer();
  // The server ends the process itself on the client's `exit` notification.
  return new Promise<number>(() => undefined);
}
