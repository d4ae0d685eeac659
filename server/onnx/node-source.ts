// Where a node came from in the exporting Python code: the dynamo exporter's node metadata
// (`pkg.torch.onnx.stack_trace`, `pkg.torch.onnx.name_scopes`) or the older exporter's doc_string frames.
import type { OnnxNode } from './model';

export interface NodeSource {
  /** Python module path, e.g. `encoder.fc1`. */
  modulePath?: string;
  /** Innermost frame in user code (library frames under site-packages / the Python install skipped). */
  file?: string;
  /** One-based line number. */
  line?: number;
}

const DYNAMO_FRAME = /File "([^"]+)", line (\d+)/g;
const TORCHSCRIPT_FRAME = /([^\s()]+\.py)\((\d+)\)/g;
const LIBRARY = /[\\/](site-packages|dist-packages|lib[\\/]python\d[^\\/]*)[\\/]/;

function userFrame(text: string, pattern: RegExp, innermostLast: boolean): { file: string; line: number } | undefined {
  const frames = [...text.matchAll(pattern)].map((m) => ({ file: m[1], line: Number(m[2]) }));
  const user = frames.filter((f) => !LIBRARY.test(f.file));
  return innermostLast ? user[user.length - 1] : user[0];
}

/** Parses a Python list literal of strings such as `['', 'encoder', 'encoder.fc1', 'linear']`. */
function lastModuleScope(scopes: string): string | undefined {
  const names = [...scopes.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]);
  // The last scope is the op itself (`linear`); the one before it is the module path.
  return names.length >= 2 ? names[names.length - 2] || undefined : undefined;
}

export function nodeSource(node: OnnxNode): NodeSource | undefined {
  const meta = new Map(node.metadataProps.map((p) => [p.key, p.value]));
  const source: NodeSource = {};
  const scopes = meta.get('pkg.torch.onnx.name_scopes');
  if (scopes) source.modulePath = lastModuleScope(scopes);
  // Dynamo stack traces list the outermost frame first; TorchScript doc_strings the innermost first.
  const frame =
    userFrame(meta.get('pkg.torch.onnx.stack_trace') ?? '', DYNAMO_FRAME, true) ??
    userFrame(node.docString ?? '', TORCHSCRIPT_FRAME, false);
  if (frame) Object.assign(source, frame);
  return source.modulePath || source.file ? source : undefined;
}
