// Which files of the workspace ModelReady analyzes (.onnx models and Triton configs), and which of them a
// change on disk affects. The walk is bounded so a huge or hostile tree cannot stall the server.
import fs from 'node:fs';
import path from 'node:path';
import { isModelFile, isTritonConfig } from '../workspace-files';
import { modelDirOf } from './analysis';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
export const MAX_INDEXED_FILES = 20000;
const MAX_VISITED_DIRS = 50000;

export const isAnalyzable = (file: string): boolean => isModelFile(file) || isTritonConfig(file);

/** Analyzable files under `root` (a file is itself), depth-first in name order, at most MAX_INDEXED_FILES. */
export function walkAnalyzable(root: string): string[] {
  const found: string[] = [];
  let dirBudget = MAX_VISITED_DIRS;
  const visit = (dir: string): void => {
    if (dirBudget-- <= 0 || found.length >= MAX_INDEXED_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) visit(full);
      } else if (entry.isFile() && isAnalyzable(full) && found.length < MAX_INDEXED_FILES) {
        found.push(full);
      }
    }
  };
  try {
    if (fs.statSync(root).isFile()) return isAnalyzable(root) ? [root] : [];
  } catch {
    return [];
  }
  visit(root);
  return found;
}

export class WorkspaceIndex {
  readonly files = new Set<string>();

  add(file: string): boolean {
    if (this.files.has(file) || this.files.size >= MAX_INDEXED_FILES) return false;
    this.files.add(file);
    return true;
  }

  /** Removes `target` and, when it was a folder, everything indexed under it; returns what was removed. */
  remove(target: string): string[] {
    const prefix = target.endsWith(path.sep) ? target : target + path.sep;
    const gone = [...this.files].filter((f) => f === target || f.startsWith(prefix));
    for (const f of gone) this.files.delete(f);
    return gone;
  }

  /**
   * Triton configs whose findings may change when `changed` changes: every config of the model repository
   * that contains it (model files feed the cross-checks, member configs feed ensembles).
   */
  configsAffectedBy(changed: string): string[] {
    return [...this.files].filter((f) => {
      if (!isTritonConfig(f) || f === changed) return false;
      const repo = path.dirname(modelDirOf(f));
      return changed.startsWith(repo + path.sep);
    });
  }
}
