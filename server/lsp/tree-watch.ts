// Watching a folder tree without a client watcher. Node 20's recursive fs.watch on Linux watches each file's inode,
// so after an atomic save (write a temp file, rename it over the file) the watch stays on the replaced inode and
// every later write is missed. Here each folder is watched instead (inotify reports writes and renames of the
// entries by name, whatever inode they hold), and folders created later are added as they appear.
import fs from 'node:fs';
import path from 'node:path';

const SKIPPED = /^(\.git|node_modules)$/;

/** Calls `onPath` with the full path of every entry that changes under `root`; returns a closer. */
export function watchTree(root: string, onPath: (file: string) => void, log: (message: string) => void): () => void {
  if (process.platform !== 'linux') {
    // Native recursive watching (macOS FSEvents, Windows) follows names, not inodes.
    const watcher = fs.watch(root, { recursive: true }, (_event, name) => {
      if (
        name &&
        !name
          .toString()
          .split(/[\\/]/)
          .some((part) => SKIPPED.test(part))
      )
        onPath(path.join(root, name.toString()));
    });
    watcher.on('error', (error) => log(`file watching stopped for ${root}: ${error.message}`));
    return () => watcher.close();
  }
  const watchers = new Map<string, fs.FSWatcher>();
  const drop = (dir: string) => {
    for (const [d, w] of watchers)
      if (d === dir || d.startsWith(dir + path.sep)) {
        w.close();
        watchers.delete(d);
      }
  };
  /** Watches `dir` and the folders below it; `fresh`: it appeared after the start, so its entries are reported. */
  const add = (dir: string, fresh = false) => {
    if (watchers.has(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, (_event, name) => {
        if (!name || SKIPPED.test(name.toString())) return;
        const file = path.join(dir, name.toString());
        onPath(file);
        // A folder appearing (created, moved in) gets its own watch; what it holds so far counts as changed.
        if (isDirectory(file) && !watchers.has(file)) add(file, true);
      });
    } catch (error) {
      if (dir === root) log(`cannot watch ${root}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    watcher.on('error', () => drop(dir)); // the folder went away
    watchers.set(dir, watcher);
    for (const entry of entries(dir)) {
      if (SKIPPED.test(entry.name)) continue;
      if (fresh) onPath(path.join(dir, entry.name));
      if (entry.isDirectory()) add(path.join(dir, entry.name), fresh);
    }
  };
  add(root);
  return () => drop(root);
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function entries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
