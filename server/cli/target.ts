// `modelready target`: the deployment target resolved from .modelready.json and the --target-* flags, with the
// source of every fact and the conflicts between what was pinned.
import { ConfigError, resolveConfig } from '../config/config';
import { targetOf } from '../target/of-config';
import type { ResolvedTarget } from '../target/resolve';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, parseCliArgs } from './usage';

const FIELDS = [
  'triton',
  'tensorrt',
  'onnxruntime',
  'cuda',
  'driver',
  'gpu',
  'computeCapability',
  'gpuMemoryBytes',
  'tritonMinComputeCapability',
  'onnxruntimeTensorrt',
  'tensorrtTable',
] as const;

export function runTarget(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'target-triton': { type: 'string' },
      'target-trt': { type: 'string' },
      'target-gpu': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new CliUsageError('takes no positional arguments');
  let resolved: ResolvedTarget;
  try {
    resolved = targetOf(
      resolveConfig(process.cwd(), {
        configFile: values.config,
        targetTrt: values['target-trt'],
        targetTriton: values['target-triton'],
        targetGpu: values['target-gpu'],
      }),
    );
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(error.message);
    throw error;
  }
  if (values.json) process.stdout.write(JSON.stringify(resolved, null, 2) + '\n');
  else process.stdout.write(formatTarget(resolved) + '\n');
  return resolved.conflicts.some((c) => c.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

export function formatTarget(t: ResolvedTarget): string {
  const width = Math.max(...FIELDS.map((f) => f.length));
  const lines = FIELDS.map((field) => {
    const value = t[field];
    const shown = value === null ? 'unknown' : String(value);
    const source = t.sources[field];
    return `${field.padEnd(width)}  ${shown}${source ? `   (${source})` : ''}`;
  });
  for (const c of t.conflicts) lines.push(`${c.severity}: ${c.message}`);
  for (const n of t.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
