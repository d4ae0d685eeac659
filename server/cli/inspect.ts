import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { formatSummaryText, summarizeModel } from '../onnx/summary';
import { EXIT_OK, EXIT_USAGE, parseCliArgs, requireOneModelFile } from './usage';

export function runInspect(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
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
  process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : formatSummaryText(summary)) + '\n');
  return EXIT_OK;
}
