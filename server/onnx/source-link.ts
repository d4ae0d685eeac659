// Findings on a node carry the Python line that made it (the dynamo exporter's stack trace, the older exporter's
// doc_string) as a related location, when that file is in the workspace. The recorded path is the exporting
// machine's, so it is found by suffix: the longest tail of the path that exists under the model's folder or one of
// its parents, up to the configuration's root (the workspace).
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, RelatedLocation } from '../contract/findings';
import type { OnnxModel, OnnxNode } from './model';
import { nodeSource } from './node-source';
import { isInsideFolder } from '../path-inside';

/** How many trailing path parts are tried, and how many folders above the model when it lies outside the root. */
const MAX_SUFFIX_PARTS = 8;
const MAX_LEVELS_OUTSIDE_ROOT = 4;

const isFile = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The workspace file a recorded source path stands for, or undefined. */
export function resolveSourceFile(recorded: string, modelDir: string, root: string): string | undefined {
  // The export ran in this workspace: its path as recorded. Files outside the workspace are not linked.
  if (path.isAbsolute(recorded) && isInsideFolder(root, recorded) && isFile(recorded)) return recorded;
  const parts = recorded.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  if (parts.length === 0) return undefined;
  const inRoot = isInsideFolder(root, modelDir);
  let dir = modelDir;
  for (let level = 0; inRoot || level <= MAX_LEVELS_OUTSIDE_ROOT; level++) {
    for (let i = Math.max(0, parts.length - MAX_SUFFIX_PARTS); i < parts.length; i++) {
      const candidate = path.join(dir, ...parts.slice(i));
      if (isFile(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir || (inRoot && path.resolve(dir) === path.resolve(root))) break;
    dir = parent;
  }
  return undefined;
}

/** The source line of `node` as a related location, when `resolve` finds its file. */
export function sourceLocation(
  node: OnnxNode,
  resolve: (recorded: string) => string | undefined,
): RelatedLocation | undefined {
  const source = nodeSource(node);
  const file = source?.file && source.line ? resolve(source.file) : undefined;
  if (!file) return undefined;
  const line = source!.line! - 1;
  const where = source!.modulePath ? ` (module ${source!.modulePath})` : '';
  return {
    file,
    message: `source of ${node.name}${where}`,
    source: true,
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
  };
}

/** The findings with their node's source line added as the first related location. */
export function withSourceLinks(findings: Finding[], model: OnnxModel, root: string): Finding[] {
  if (!model.graph || !findings.some((f) => f.node !== undefined)) return findings;
  // Only the nodes findings name: a map of every node of a large model costs more than the rest of this.
  const named = new Set(findings.map((f) => f.node));
  const byName = new Map<string, OnnxNode>();
  const nodes = model.graph.nodes;
  for (let i = 0; i < nodes.length; i++) if (named.has(nodes[i].name)) byName.set(nodes[i].name, nodes[i]);
  const modelDir = path.dirname(path.resolve(model.path));
  // One lookup per recorded file: a model's nodes mostly come from a few source files.
  const files = new Map<string, string | undefined>();
  const resolve = (recorded: string) => {
    if (!files.has(recorded)) files.set(recorded, resolveSourceFile(recorded, modelDir, path.resolve(root)));
    return files.get(recorded);
  };
  return findings.map((f) => {
    const node = f.node !== undefined ? byName.get(f.node) : undefined;
    const link = node && sourceLocation(node, resolve);
    return link ? { ...f, related: [link, ...(f.related ?? [])] } : f;
  });
}
