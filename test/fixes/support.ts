// Helpers shared by the fixes tests: the Debian onnx reference tools and the test models.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { debianPython, repoRoot, scratchDir } from '../support/paths';

const tools = path.join(repoRoot, 'test/fixes/onnx_tools.py');

export function onnxTool(args: string[]): string {
  return execFileSync(debianPython, [tools, ...args], { maxBuffer: 1 << 28 }).toString();
}

export interface CheckResult {
  file: string;
  ok: boolean;
  error?: string;
}

export function onnxCheck(files: string[]): CheckResult[] {
  return onnxTool(['check', ...files])
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

export interface DescribedModel {
  nodes: { op: string; domain: string; inputs: string[]; outputs: string[]; attrs: Record<string, unknown> }[];
  initializers: Record<string, { dtype: string; dims: number[]; values: unknown } | null>;
  opsets: Record<string, number>;
  outputs: string[];
}

export function describe(file: string): DescribedModel {
  return describeAll([file])[0];
}

export function describeAll(files: string[]): DescribedModel[] {
  return onnxTool(['describe', ...files])
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** onnx.version_converter on many models in one Python process. */
export function onnxConvertBatch(
  jobs: { file: string; target: number; out: string }[],
): { ok: boolean; error?: string }[] {
  const out = execFileSync(debianPython, [tools, 'convert-batch'], {
    input: JSON.stringify(jobs),
    maxBuffer: 1 << 28,
  }).toString();
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

export function md5(file: string): string {
  return crypto.createHash('md5').update(fs.readFileSync(file)).digest('hex');
}

/** Generates the small test models into a fresh scratch folder. */
export function makeTestModels(name: string): string {
  const dir = scratchDir(name);
  execFileSync(debianPython, [path.join(repoRoot, 'test/fixes/make_test_models.py'), dir]);
  return dir;
}

/** Renders a value name: names of the source stay; new ones become the constant they hold. */
function normalizer(source: DescribedModel, model: DescribedModel): (name: string) => string {
  const known = new Set<string>([
    ...source.nodes.flatMap((n) => [...n.inputs, ...n.outputs]),
    ...Object.keys(source.initializers),
  ]);
  const producers = new Map(model.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  return (name) => {
    if (known.has(name) || name === '') return name;
    const p = producers.get(name);
    if (p?.op === 'Constant') return `const ${JSON.stringify(p.attrs.value)}`;
    if (name in model.initializers) return `init ${JSON.stringify(model.initializers[name])}`;
    return `new value from ${p?.op ?? '?'}`;
  };
}

/** Where two conversions of `source` differ (node by node, new constants by value), or undefined. */
export function sameGraph(source: DescribedModel, ours: DescribedModel, theirs: DescribedModel): string | undefined {
  const no = normalizer(source, ours);
  const nt = normalizer(source, theirs);
  const render = (m: DescribedModel, n: (s: string) => string) =>
    m.nodes.map((node) => ({
      op: node.op,
      domain: node.domain,
      inputs: node.inputs.map(n),
      outputs: node.op === 'Constant' ? [] : node.outputs.map(n),
      attrs: node.attrs,
    }));
  const a = render(ours, no);
  const b = render(theirs, nt);
  if (a.length !== b.length) return `node count ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    try {
      assert.deepEqual(a[i], b[i]);
    } catch {
      return `node ${i}: ours ${JSON.stringify(a[i])} vs onnx ${JSON.stringify(b[i])}`;
    }
  }
  if (JSON.stringify(ours.opsets) !== JSON.stringify(theirs.opsets))
    return `opsets ${JSON.stringify(ours.opsets)} vs ${JSON.stringify(theirs.opsets)}`;
  return undefined;
}
