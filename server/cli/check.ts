// `modelready check <file|folder>...`: a file means that file, a folder every target the walker finds in it.
// Each target gets the `.modelready.json` of its own folder (or above, up to the repository root), as the editor
// does, unless --config names one file for all; findings come from `analyzeFile`, the one pipeline.
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../analyze';
import { ConfigError, defaultConfig, findConfigFile, resolveConfig, type ModelReadyConfig } from '../config/config';
import { knownTrtReleases, trtTarget } from '../knowledge/tensorrt';
import type { Finding } from '../findings';
import { withDisplayPaths } from '../report/paths';
import { formatSarif } from '../report/sarif';
import { summarize } from '../report/summary';
import { formatText } from '../report/text';
import { walkAnalyzable } from '../workspace-files';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

const FORMATS = ['text', 'json', 'sarif'] as const;

export function runCheck(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'target-trt': { type: 'string' },
      config: { type: 'string' },
      'disable-auto-complete-config': { type: 'boolean', default: false },
    },
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (positionals.length === 0) throw new CliUsageError('expects at least one file or folder');
  const configFor = configLookup(values.config, values['target-trt']);

  const unreadable = positionals.filter((p) => !fs.existsSync(p));
  for (const p of unreadable) process.stderr.write(`modelready check: ${p}: no such file or folder\n`);
  const targets = positionals
    .filter((p) => !unreadable.includes(p))
    .flatMap((p) =>
      walkAnalyzable(p, {
        folders: true,
        onLimit: (what) => process.stderr.write(`modelready check: ${p}: stopped listing files after ${what}\n`),
      }),
    );
  const triton = { autoCompleteConfig: !values['disable-auto-complete-config'] };
  const findings: Finding[] = [...new Set(targets)].flatMap((t) => analyzeFile(t, { config: configFor(t), triton }));
  const summary = summarize(findings, new Set(targets).size);
  const shown = withDisplayPaths(findings);

  if (format === 'json') process.stdout.write(JSON.stringify({ diagnostics: shown, summary }, null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(shown), null, 2) + '\n');
  else process.stdout.write(formatText(shown, summary) + '\n');

  if (unreadable.length > 0) return EXIT_USAGE;
  return summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The configuration of each target: --config for all, else the `.modelready.json` found from the target's folder
 * (read once per file), with --target-trt applied and checked against the support tables.
 */
function configLookup(
  configFile: string | undefined,
  targetTrt: string | undefined,
): (target: string) => ModelReadyConfig {
  const load = (start: string, file: string | undefined) => {
    try {
      return checkedTarget(resolveConfig(start, { configFile: file, targetTrt }));
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(error.message);
      throw error;
    }
  };
  // Bad --config / --target-trt values are usage errors even when no file is found.
  if (configFile !== undefined) {
    const explicit = load(process.cwd(), configFile);
    return () => explicit;
  }
  if (targetTrt !== undefined) {
    if (!/^\d+\.\d+$/.test(targetTrt))
      throw new CliUsageError(`--target-trt must be major.minor, e.g. 10.15; got "${targetTrt}"`);
    checkedTarget({ ...defaultConfig(process.cwd()), target: { tensorrt: targetTrt } });
  }
  const byFile = new Map<string, ModelReadyConfig>();
  return (target) => {
    const start = path.dirname(path.resolve(target));
    const found = findConfigFile(start);
    if (!found) return load(start, undefined);
    let config = byFile.get(found);
    if (!config) byFile.set(found, (config = load(start, found)));
    return config;
  };
}

const warnedReleases = new Set<string>();

function checkedTarget(config: ModelReadyConfig): ModelReadyConfig {
  const requested = config.target.tensorrt;
  if (requested === undefined) return config;
  const target = trtTarget(requested);
  if (!target)
    throw new CliUsageError(
      `TensorRT ${requested} predates the support tables known here (${knownTrtReleases.join(', ')})`,
    );
  if (target.table.release !== requested && !warnedReleases.has(requested)) {
    warnedReleases.add(requested);
    process.stderr.write(
      `modelready check: no support table for TensorRT ${requested}; using ${target.table.release}'s (the newest older one)\n`,
    );
  }
  return config;
}
