// Helpers shared by the fixes tests: the Debian onnx reference tools and the test models.
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
