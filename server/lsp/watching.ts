// File watching: the client's watcher when it offers one (VS Code, Neovim), else Node's recursive fs.watch.
// Events are collected for a short while and handed over together: saving a model repository, unpacking an
// archive or a git checkout touches many files at once, and each burst should cause one round of analysis.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver';

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

  const watchers: fs.FSWatcher[] = [];
  for (const root of roots) {
    try {
      const watcher = fs.watch(root, { recursive: true }, (_event, name) => {
        if (name && !/(^|[\\/])(\.git|node_modules)([\\/]|$)/.test(name)) note(path.join(root, name.toString()));
      });
      watcher.on('error', (error) => log(`file watching stopped for ${root}: ${error.message}`));
      watchers.push(watcher);
    } catch (error) {
      log(`cannot watch ${root}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
