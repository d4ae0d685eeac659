// The one folder walker (CLI `check`, the language server's workspace index, Triton repositories): one skip list,
// symbolic links followed once (model repositories often link model folders in), bounded in depth, folders and
// results so a huge or hostile tree cannot stall a run. What counts as a target is the caller's matcher.
import fs from 'node:fs';
import path from 'node:path';

/** Folders never entered: dependencies, caches, Python environments, and every dot-folder (.git, .venv, ...). */
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'site-packages']);
/** A folder holding this file is a Python virtual environment (its packages ship test models by the thousand). */
const VENV_MARKER = 'pyvenv.cfg';

export const MAX_WALK_DEPTH = 32;
export const MAX_WALK_DIRS = 50000;
export const MAX_WALK_RESULTS = 20000;

export interface DirEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

export interface WalkMatcher {
  /** Whether a file is a target. */
  file(file: string): boolean;
  /** Whether a folder is itself a target (it is still walked into). */
  folder?(dir: string, entries: readonly DirEntry[]): boolean;
}

export interface WalkOptions {
  maxResults?: number;
  /** Called once when a limit cut the walk short. */
  onLimit?: (what: string) => void;
}

export function isSkippedDir(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.startsWith('.');
}

/** Entries of a folder in name order, symbolic links resolved; an unreadable folder has none. */
export function readDirEntries(dir: string): DirEntry[] {
  let list: fs.Dirent[];
  try {
    list = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return list.map((e) => {
    if (!e.isSymbolicLink()) return { name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() };
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(path.join(dir, e.name));
    } catch {
      st = undefined; // dangling link: neither file nor folder
    }
    return { name: e.name, isDirectory: !!st?.isDirectory(), isFile: !!st?.isFile() };
  });
}

/**
 * Targets under `root`, depth-first in name order. A file argument is itself (when it matches): naming a file
 * never pulls in the folder around it. A folder argument is walked, and never skipped itself.
 */
export function walkTargets(root: string, matcher: WalkMatcher, options: WalkOptions = {}): string[] {
  const maxResults = options.maxResults ?? MAX_WALK_RESULTS;
  const found: string[] = [];
  let limitHit = false;
  const limit = (what: string) => {
    if (!limitHit) options.onLimit?.(what);
    limitHit = true;
  };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return stat.isFile() && matcher.file(root) ? [root] : [];

  let dirBudget = MAX_WALK_DIRS;
  const seen = new Set<string>(); // real paths: a linked folder is walked once, a link loop ends
  const visit = (dir: string, depth: number, isRoot: boolean): void => {
    if (found.length >= maxResults) return limit(`${maxResults} files`);
    if (depth > MAX_WALK_DEPTH) return limit(`${MAX_WALK_DEPTH} folder levels`);
    if (dirBudget-- <= 0) return limit(`${MAX_WALK_DIRS} folders`);
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    const entries = readDirEntries(dir);
    if (!isRoot && entries.some((e) => e.isFile && e.name === VENV_MARKER)) return;
    if (matcher.folder?.(dir, entries)) found.push(dir);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (!isSkippedDir(entry.name)) visit(full, depth + 1, false);
      } else if (entry.isFile && matcher.file(full)) {
        if (found.length >= maxResults) return limit(`${maxResults} files`);
        found.push(full);
      }
    }
  };
  visit(root, 0, true);
  return found;
}
