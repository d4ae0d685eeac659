// Where tests find real data: the shared corpus beside the repository, Debian's ONNX test models.
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const sharedDir = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const corpusOnnxDir = path.join(corpusDir, 'onnx/exported');
export const onnxTestdataDir = '/usr/share/libonnx-testdata/data';
/** Debian's python3-onnx is installed for the system interpreter only. */
export const debianPython = '/usr/bin/python3';

export function corpusModels(): string[] {
  return fs
    .readdirSync(corpusOnnxDir)
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((f) => path.join(corpusOnnxDir, f));
}

export function onnxTestdataModels(): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.onnx')) found.push(full);
    }
  };
  visit(onnxTestdataDir);
  return found.sort();
}

/** A fresh scratch folder under test/.tmp (git-ignored). */
export function scratchDir(name: string): string {
  const dir = path.join(repoRoot, 'test/.tmp', `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
