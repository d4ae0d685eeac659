// Finds the files ModelReady analyzes under the paths a user names.
import fs from 'node:fs';
import path from 'node:path';
import { isPlanFile, isStackFile } from './target/stack-pins';

export function isModelFile(file: string): boolean {
  return file.toLowerCase().endsWith('.onnx');
}

export function isTritonConfig(file: string): boolean {
  const base = path.basename(file);
  return base === 'config.pbtxt' || (path.basename(path.dirname(file)) === 'configs' && base.endsWith('.pbtxt'));
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Files to analyze under `root` (a file is returned as is), in a stable order. */
export function findAnalyzableFiles(root: string): string[] {
  const stat = fs.statSync(root);
  if (!stat.isDirectory()) return [root];
  const found: string[] = [];
  const visit = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full);
      } else if (
        entry.isFile() &&
        (isModelFile(full) || isTritonConfig(full) || isStackFile(full) || isPlanFile(full))
      ) {
        found.push(full);
      }
    }
  };
  visit(root);
  return found;
}
