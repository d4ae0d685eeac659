// `modelready convert-opset <model> --to N [--out path] [--plan] [--in-place] [--json]`
import { ModelWriteError } from '../fixes/model-writer';
import {
  convertOpset,
  formatPlan,
  maxKnownOpset,
  OpsetConversionError,
  planOpsetConversion,
} from '../fixes/opset-convert';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCliArgs, requireOneModelFile } from './usage';

export function runConvertOpset(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      out: { type: 'string' },
      plan: { type: 'boolean' },
      'in-place': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const modelFile = requireOneModelFile(positionals);
  if (values.to === undefined) throw new CliUsageError('--to N (the target opset) is required');
  const to = Number(values.to);
  if (!/^\d+$/.test(values.to) || to < 1 || to > maxKnownOpset())
    throw new CliUsageError(`--to expects an opset from 1 to ${maxKnownOpset()} (got "${values.to}")`);
  if (values['in-place'] && values.out) throw new CliUsageError('--in-place and --out exclude each other');
  try {
    const model = readOnnxModel(modelFile);
    if (values.plan) {
      const plan = planOpsetConversion(model, to);
      const shown = {
        model: plan.model,
        from: plan.from,
        to: plan.to,
        changes: plan.changes,
        unchangedBumps: plan.unchangedBumps,
        refusals: plan.refusals,
      };
      process.stdout.write((values.json ? JSON.stringify(shown, null, 2) : formatPlan(plan)) + '\n');
      return plan.refusals.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    }
    const out = values['in-place'] ? model.path : values.out;
    const { plan, written } = convertOpset(model, to, out, { inPlace: values['in-place'] });
    process.stdout.write(
      `${formatPlan(plan)}\nwrote ${written.path} (${written.bytes} bytes)${written.backup ? `, original kept as ${written.backup}` : ''}\n`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof OpsetConversionError) {
      if (error.plan) process.stderr.write(formatPlan(error.plan) + '\n');
      process.stderr.write(`modelready convert-opset: ${error.message}\nnothing was written\n`);
      return EXIT_FINDINGS;
    }
    if (error instanceof OnnxReadError || error instanceof ModelWriteError) {
      process.stderr.write(`modelready convert-opset: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
