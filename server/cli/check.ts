import fs from 'node:fs';
import { analyzeFile } from '../analyze';
import { ConfigError, resolveConfig, type ConfigOverrides, type ModelReadyConfig } from '../config/config';
import { targetConflictFindings, targetOf } from '../target/of-config';
import { knownTrtReleases, trtTarget } from '../knowledge/tensorrt';
import type { Finding } from '../findings';
import { withDisplayPaths } from '../report/paths';
import { formatSarif } from '../report/sarif';
import { summarize } from '../report/summary';
import { formatText } from '../report/text';
import { findAnalyzableFiles } from '../workspace-files';
import { checkTritonPath } from '../triton';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

const FORMATS = ['text', 'json', 'sarif'] as const;

export function runCheck(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'target-trt': { type: 'string' },
      'target-triton': { type: 'string' },
      'target-gpu': { type: 'string' },
      config: { type: 'string' },
      'disable-auto-complete-config': { type: 'boolean', default: false },
    },
  });
  const config = loadCheckConfig(values.config, {
    targetTrt: values['target-trt'],
    targetTriton: values['target-triton'],
    targetGpu: values['target-gpu'],
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (positionals.length === 0) throw new CliUsageError('expects at least one file or folder');

  const unreadable = positionals.filter((p) => !fs.existsSync(p));
  for (const p of unreadable) process.stderr.write(`modelready check: ${p}: no such file or folder\n`);
  const files = positionals.filter((p) => !unreadable.includes(p)).flatMap(findAnalyzableFiles);
  const findings: Finding[] = [
    ...targetConflictFindings(config),
    ...files.flatMap((file) => analyzeFile(file, config)),
  ];
  // Triton model folders/repositories under the paths: config.pbtxt checks (as tritonserver would load them).
  const autoCompleteConfig = !values['disable-auto-complete-config'];
  findings.push(
    ...positionals.filter((p) => !unreadable.includes(p)).flatMap((p) => checkTritonPath(p, { autoCompleteConfig })),
  );
  const summary = summarize(findings, files.length);
  const shown = withDisplayPaths(findings);

  if (format === 'json') process.stdout.write(JSON.stringify({ diagnostics: shown, summary }, null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(shown), null, 2) + '\n');
  else process.stdout.write(formatText(shown, summary) + '\n');

  if (unreadable.length > 0) return EXIT_USAGE;
  return summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** --config / the .modelready.json found from the current folder, with the --target-* flags applied and checked. */
function loadCheckConfig(configFile: string | undefined, flags: Omit<ConfigOverrides, 'configFile'>): ModelReadyConfig {
  let config: ModelReadyConfig;
  try {
    config = resolveConfig(process.cwd(), { configFile, ...flags });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(error.message);
    throw error;
  }
  const requested = targetOf(config).tensorrt ?? undefined;
  if (requested !== undefined) {
    const target = trtTarget(requested);
    if (!target)
      throw new CliUsageError(
        `TensorRT ${requested} predates the support tables known here (${knownTrtReleases.join(', ')})`,
      );
    if (target.table.release !== requested)
      process.stderr.write(
        `modelready check: no support table for TensorRT ${requested}; using ${target.table.release}'s (the newest older one)\n`,
      );
  }
  return config;
}
