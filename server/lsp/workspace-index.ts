// The files of the workspace ModelReady analyzes (listed by the one walker, server/workspace-files.ts, which the
// server runs on a worker thread), and which of them a change on disk affects.
import path from 'node:path';
import { modelDirOf } from '../triton';
import { isAnalyzable, isTritonConfig } from '../workspace-files';
import { MAX_WALK_RESULTS } from '../workspace-walk';

export const MAX_INDEXED_FILES = MAX_WALK_RESULTS;
export { isAnalyzable };

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
