// Which paths ModelReady analyzes: the files (and folders) some file kind of server/kinds matches, found by the
// one walker. The CLI and the language server's workspace index both list targets through here.
import fs from 'node:fs';
import { fileKinds, kindOfFile } from './kinds/index';
import { walkTargets, type WalkOptions } from './workspace-walk';

export { isModelFile } from './kinds/onnx-model';
export { isTritonConfig } from './triton';

export function isAnalyzable(file: string): boolean {
  return kindOfFile(file) !== undefined;
}

export interface AnalyzableWalkOptions extends WalkOptions {
  /** Folder targets too (a Triton model folder without a config): the CLI reports on them, editors do not. */
  folders?: boolean;
}

/** Analysis targets under `root` in a stable order; a file is itself (when some kind matches it). */
export function walkAnalyzable(root: string, options: AnalyzableWalkOptions = {}): string[] {
  return walkTargets(
    root,
    {
      file: isAnalyzable,
      ...(options.folders && { folder: (dir, entries) => fileKinds.some((k) => k.matchesFolder?.(dir, entries)) }),
    },
    options,
  );
}

/**
 * The same files, smallest first (stable among equal sizes; one that cannot be read last): an editor analyzing a
 * workspace shows its first diagnostics after its quick files (configs, small models), not after its largest model.
 */
export function smallestFirst(files: string[]): string[] {
  const size = (f: string) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return Number.MAX_SAFE_INTEGER;
    }
  };
  return files
    .map((file) => ({ file, bytes: size(file) }))
    .sort((a, b) => a.bytes - b.bytes)
    .map((e) => e.file);
}
