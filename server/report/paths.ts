// How reports name files: relative to the folder the CLI runs in when the file is inside it, else
// absolute, whichever analysis produced the finding (the ONNX rules keep the path as given, the
// Triton checks resolve it).
import path from 'node:path';
import type { Finding } from '../findings';
import { relativeInside } from '../path-inside';

export function displayPath(file: string, baseDir = process.cwd()): string {
  const relative = relativeInside(baseDir, path.resolve(file));
  return relative ? relative : path.resolve(file);
}

export function withDisplayPaths(findings: Finding[], baseDir = process.cwd()): Finding[] {
  return findings.map((f) => ({
    ...f,
    file: displayPath(f.file, baseDir),
    ...(f.related && { related: f.related.map((r) => ({ ...r, file: displayPath(r.file, baseDir) })) }),
  }));
}
