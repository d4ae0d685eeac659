// The files of the workspace ModelReady analyzes (listed by the one walker, server/workspace-files.ts), and which
// of them a change on disk affects.
import path from 'node:path';
import { modelDirOf } from '../triton';
import { isAnalyzable, isTritonConfig, walkAnalyzable } from '../workspace-files';
import { MAX_WALK_RESULTS } from '../workspace-walk';

export const MAX_INDEXED_FILES = MAX_WALK_RESULTS;
export { isAnalyzable, walkAnalyzable };

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
