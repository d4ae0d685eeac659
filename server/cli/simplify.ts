// `modelready simplify <model> [--out path] [--in-place] [--json]`
import { ModelWriteError } from '../fixes/model-writer';
import { formatSimplifyReport, simplifyModel } from '../fixes/simplify';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { CliUsageError, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

export function runSimplify(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, 'in-place': { type: 'boolean' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new CliUsageError('expects exactly one model file');
  if (values['in-place'] && values.out) throw new CliUsageError('--in-place and --out exclude each other');
  try {
    const model = readOnnxModel(positionals[0]);
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
