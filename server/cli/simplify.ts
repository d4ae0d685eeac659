// `modelready simplify <model> [--out path] [--in-place] [--json]`
import { ModelWriteError } from '../fixes/model-writer';
import { formatSimplifyReport, simplifyModel } from '../fixes/simplify';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { CliUsageError, EXIT_OK, EXIT_USAGE, parseCliArgs, requireOneModelFile } from './usage';

export function runSimplify(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, 'in-place': { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const modelFile = requireOneModelFile(positionals);
  if (values['in-place'] && values.out) throw new CliUsageError('--in-place and --out exclude each other');
  try {
    const model = readOnnxModel(modelFile);
    const { report, written } = simplifyModel(model, values['in-place'] ? model.path : values.out, {
      inPlace: values['in-place'],
    });
    process.stdout.write(
      values.json
        ? JSON.stringify({ ...report, output: written.path, backup: written.backup }, null, 2) + '\n'
        : `${formatSimplifyReport(report)}\nwrote ${written.path}\n`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof OnnxReadError || error instanceof ModelWriteError) {
      process.stderr.write(`modelready simplify: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
