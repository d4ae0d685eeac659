import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { formatSummaryText, summarizeModel } from '../onnx/summary';
import { inferShapes } from '../shape-inference/cache';
import { tensorList } from '../shape-inference/tensor-list';
import { formatShape } from '../shape-inference/dims';
import { EXIT_OK, EXIT_USAGE, parseCliArgs, requireOneModelFile } from './usage';

export function runInspect(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, tensors: { type: 'boolean' } },
  });
  const modelFile = requireOneModelFile(positionals);
  let model;
  try {
    model = readOnnxModel(modelFile);
  } catch (error) {
    if (!(error instanceof OnnxReadError)) throw error;
    process.stderr.write(`modelready inspect: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const summary = summarizeModel(model);
  // --tensors: every tensor of the main graph, typed by shape inference (stored value_info not required).
  const tensors = values.tensors ? tensorList(model, inferShapes(model).main) : undefined;
  if (values.json) process.stdout.write(JSON.stringify(tensors ? { ...summary, tensors } : summary, null, 2) + '\n');
  else {
    const lines = [formatSummaryText(summary)];
    if (tensors) {
      lines.push('  tensors:');
      for (const t of tensors)
        lines.push(`    ${t.name}: ${t.elemType} ${formatShape(t.shape ?? undefined)} (${t.source})`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
  return EXIT_OK;
}
