// The Python source of a node as the graph view shows it: module path and `file:line`, linked when the file is in
// the workspace. The file the view may ask to open is the one resolved here for the node, never a path the page sends.
import path from 'node:path';
import type { GraphNodeSource } from '../contract/graph-view';
import type { OnnxNode } from '../onnx/model';
import { nodeSource } from '../onnx/node-source';
import { resolveSourceFile } from '../onnx/source-link';
import { isInsideFolder } from '../path-inside';

export class NodeSources {
  /** Recorded path -> workspace file (or undefined): a model's nodes mostly come from a few source files. */
  private readonly files = new Map<string, string | undefined>();
  private readonly modelDir: string;
  private readonly root?: string;

  /** `root`: the workspace folder; without one, nothing is linked. */
  constructor(modelPath: string, root?: string) {
    this.modelDir = path.dirname(path.resolve(modelPath));
    this.root = root === undefined ? undefined : path.resolve(root);
  }

  private resolve(recorded: string): string | undefined {
    if (this.root === undefined) return undefined;
    if (!this.files.has(recorded)) {
      const file = resolveSourceFile(recorded, this.modelDir, this.root);
      // A model outside the workspace may find a file above it: only files in the workspace are linked.
      const inside = file !== undefined && isInsideFolder(this.root, file);
      this.files.set(recorded, inside ? file : undefined);
    }
    return this.files.get(recorded);
  }

  /** The workspace file and one-based line of `node`'s source, when that file is in the workspace. */
  target(node: OnnxNode): { file: string; line: number } | undefined {
    const source = nodeSource(node);
    const file = source?.file && source.line ? this.resolve(source.file) : undefined;
    return file ? { file, line: source!.line! } : undefined;
  }

  info(node: OnnxNode): GraphNodeSource | undefined {
    // Most nodes of older exports carry neither: skip the parse.
    if (node.metadataProps.length === 0 && !node.docString) return undefined;
    const source = nodeSource(node);
    if (!source) return undefined;
    const info: GraphNodeSource = {};
    if (source.modulePath) info.modulePath = source.modulePath;
    if (source.file && source.line) {
      const file = this.resolve(source.file);
      info.location = `${file ? path.relative(this.root!, file) : source.file}:${source.line}`;
      if (file) info.linked = true;
    }
    return info;
  }
}
