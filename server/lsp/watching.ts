// File watching: the client's watcher when it offers one (VS Code, Neovim), else our own (tree-watch.ts).
// Events are collected for a short while and handed over together: saving a model repository, unpacking an
// archive or a git checkout touches many files at once, and each burst should cause one round of analysis.
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver';
import { watchTree } from './tree-watch';

export const WATCH_DEBOUNCE_MS = 200;

export function startFileWatching(
  connection: Connection,
  roots: string[],
  clientWatches: boolean,
  onChanges: (paths: string[]) => void,
  log: (message: string) => void,
): () => void {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const note = (file: string) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = [...pending];
      pending.clear();
      onChanges(batch);
    }, WATCH_DEBOUNCE_MS);
  };

  if (clientWatches) {
    // Every file: external-data files and version folders have no fixed names.
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    connection.onDidChangeWatchedFiles((params) => {
      for (const change of params.changes) {
        if (change.uri.startsWith('file:')) note(fileURLToPath(change.uri));
      }
    });
    return () => clearTimeout(timer);
  }

  const closers = roots.map((root) => watchTree(root, note, log));
  return () => {
    clearTimeout(timer);
    for (const close of closers) close();
  };
}
