// Which files of the workspace ModelReady analyzes (.onnx models and Triton configs), and which of them a
// change on disk affects. The walk is bounded so a huge or hostile tree cannot stall the server, and it reads
// folders asynchronously so the server keeps answering while it walks a large workspace.
import fs from 'node:fs';
import path from 'node:path';
import { isModelFile, isTritonConfig } from '../workspace-files';
import { modelDirOf } from './analysis';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
export const MAX_INDEXED_FILES = 20000;
const MAX_VISITED_DIRS = 50000;

export const isAnalyzable = (file: string): boolean => isModelFile(file) || isTritonConfig(file);

/** Analyzable files under `root` (a file is itself), depth-first in name order, at most MAX_INDEXED_FILES. */
export async function walkAnalyzable(root: string): Promise<string[]> {
  const found: string[] = [];
  let dirBudget = MAX_VISITED_DIRS;
  const visit = async (dir: string): Promise<void> => {
    if (dirBudget-- <= 0 || found.length >= MAX_INDEXED_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await visit(full);
      } else if (entry.isFile() && isAnalyzable(full) && found.length < MAX_INDEXED_FILES) {
        found.push(full);
      }
    }
  };
  try {
    if ((await fs.promises.stat(root)).isFile()) return isAnalyzable(root) ? [root] : [];
  } catch {
    return [];
  }
  await visit(root);
  return found;
}

/** The model repository a config belongs to (the folder holding its model folder). */
const repositoryOf = (config: string) => path.dirname(modelDirOf(config));

export class WorkspaceIndex {
  readonly files = new Set<string>();
  /** Configs by model repository, so a change finds the configs it affects without scanning the index. */
  private readonly configsByRepository = new Map<string, Set<string>>();

  add(file: string): boolean {
    if (this.files.has(file) || this.files.size >= MAX_INDEXED_FILES) return false;
    this.files.add(file);
    if (isTritonConfig(file)) {
      const repo = repositoryOf(file);
      const configs = this.configsByRepository.get(repo) ?? new Set();
      configs.add(file);
      this.configsByRepository.set(repo, configs);
    }
    return true;
  }

  /** Removes `target` and, when it was a folder, everything indexed under it; returns what was removed. */
  remove(target: string): string[] {
    const prefix = target.endsWith(path.sep) ? target : target + path.sep;
    const gone = this.files.has(target) ? [target] : [...this.files].filter((f) => f.startsWith(prefix));
    for (const f of gone) {
      this.files.delete(f);
      if (!isTritonConfig(f)) continue;
      const configs = this.configsByRepository.get(repositoryOf(f));
      configs?.delete(f);
      if (configs?.size === 0) this.configsByRepository.delete(repositoryOf(f));
    }
    return gone;
  }

  /**
   * Triton configs whose findings may change when `changed` changes: every config of the model repository
   * that contains it (model files feed the cross-checks, member configs feed ensembles).
   */
  configsAffectedBy(changed: string): string[] {
    const affected: string[] = [];
    for (let dir = path.dirname(changed); ; dir = path.dirname(dir)) {
      for (const config of this.configsByRepository.get(dir) ?? []) if (config !== changed) affected.push(config);
      if (path.dirname(dir) === dir) return affected;
    }
  }
}
