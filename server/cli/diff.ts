// `modelready diff a.onnx b.onnx [--json]`: what changed between two models, how each node was matched,
// and the readiness findings that appear or disappear.
import fs from 'node:fs';
import { analyzeFile } from '../analyze';
import { diffModels } from '../diff/diff-models';
import { findingChanges } from '../diff/finding-changes';
import { formatDiffText } from '../diff/format-text';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { CliUsageError, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

export function runDiff(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  if (positionals.length !== 2) throw new CliUsageError('expects two model files: diff a.onnx b.onnx');
  for (const file of positionals)
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new CliUsageError(`${file}: no such model file`);
  let models;
  try {
    models = positionals.map((file) => readOnnxModel(file));
  } catch (error) {
    if (!(error instanceof OnnxReadError)) throw error;
    process.stderr.write(`modelready diff: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const [a, b] = models;
  const diff = diffModels(a, b);
  // The findings come from the models read above: reading a large model costs more than diffing it.
  const findings = findingChanges(analyzeFile(a.path, { model: a }), analyzeFile(b.path, { model: b }), diff.matches);
  if (values.json) process.stdout.write(JSON.stringify({ ...diff, findings }, null, 2) + '\n');
  else process.stdout.write(formatDiffText(diff, findings, a, b));
  return EXIT_OK;
}
