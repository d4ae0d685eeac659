// `modelready check <file|folder>...`: a file means that file, a folder every target the walker finds in it.
// Each target gets the `.modelready.json` of its own folder (or above, up to the repository root), as the editor
// does, unless --config names one file for all; findings come from `analyzeFile`, the one pipeline.
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile, applyRuleSettings } from '../analyze';
import {
  ConfigError,
  defaultConfig,
  findConfigFile,
  isIgnored,
  resolveConfig,
  withTargetFlags,
  type ConfigOverrides,
  type ModelReadyConfig,
} from '../config/config';
import { targetConflictFindings, targetOf } from '../target/of-config';
import { checkWorkspaceStack } from '../target/stack-check';
import { knownTrtReleases, trtTarget } from '../knowledge/tensorrt';
import type { Finding } from '../findings';
import { withDisplayPaths } from '../report/paths';
import { formatSarif } from '../report/sarif';
import { summarize } from '../report/summary';
import { formatText, type TextOptions } from '../report/text';
import { ruleInfo } from '../rules/catalog';
import { walkAnalyzable } from '../workspace-files';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

const FORMATS = ['text', 'json', 'sarif'] as const;

type TargetFlags = Omit<ConfigOverrides, 'configFile'>;

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
      verbose: { type: 'boolean', default: false },
    },
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (positionals.length === 0) throw new CliUsageError('expects at least one file or folder');
  const configAt = configLookup(values.config, {
    targetTrt: values['target-trt'],
    targetTriton: values['target-triton'],
    targetGpu: values['target-gpu'],
  });

  const unreadable = positionals.filter((p) => !fs.existsSync(p));
  for (const p of unreadable) process.stderr.write(`modelready check: ${p}: no such file or folder\n`);
  const paths = positionals.filter((p) => !unreadable.includes(p));
  const targets = [
    ...new Set(
      paths.flatMap((p) =>
        walkAnalyzable(p, {
          folders: true,
          onLimit: (what) => process.stderr.write(`modelready check: ${p}: stopped listing files after ${what}\n`),
        }),
      ),
    ),
  ];
  const triton = { autoCompleteConfig: !values['disable-auto-complete-config'] };
  const configs = targets.map((t) => configAt(path.dirname(path.resolve(t))));
  const findings: Finding[] = [
    ...targetFindings([...paths.map((p) => configAt(folderOf(p))), ...configs]),
    ...targets.flatMap((t, i) => analyzeFile(t, { config: configs[i], triton })),
    ...stackAcrossFiles(targets, configs),
  ];
  if (paths.length > 0 && targets.length === 0 && findings.length === 0 && !paths.some(holdsProjectConfig)) {
    process.stderr.write(
      `modelready check: nothing to check in ${paths.join(', ')} (no .onnx model, Triton config.pbtxt or pinned-stack file)\n`,
    );
    return EXIT_USAGE;
  }
  const summary = summarize(findings, targets.length);
  const shown = withDisplayPaths(findings);

  if (format === 'json') process.stdout.write(JSON.stringify({ diagnostics: shown, summary }, null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(shown), null, 2) + '\n');
  else process.stdout.write(formatText(shown, summary, terminalOptions(values.verbose)) + '\n');

  if (unreadable.length > 0) return EXIT_USAGE;
  return summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The configuration for a folder's files: --config for all, else the `.modelready.json` found from the folder
 * (read once per file), with the --target-* flags applied and checked against the support tables.
 */
function configLookup(configFile: string | undefined, flags: TargetFlags): (folder: string) => ModelReadyConfig {
  const usage = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(error.message);
      throw error;
    }
  };
  if (configFile !== undefined) {
    const explicit = checkedTarget(usage(() => resolveConfig(process.cwd(), { configFile, ...flags })));
    return () => explicit;
  }
  // Files without a configuration share one (the flags alone); bad --target-* values are usage errors even then.
  const unconfigured = checkedTarget(usage(() => withTargetFlags(defaultConfig(process.cwd()), flags)));
  const byFile = new Map<string, ModelReadyConfig>();
  const byFolder = new Map<string, ModelReadyConfig>();
  return (start) => {
    let config = byFolder.get(start);
    if (config) return config;
    const found = findConfigFile(start);
    config = found ? byFile.get(found) : unconfigured;
    if (!config) byFile.set(found!, (config = checkedTarget(usage(() => resolveConfig(start, flags)))));
    byFolder.set(start, config);
    return config;
  };
}

/** Colour on a terminal unless NO_COLOR (no-color.org) or FORCE_COLOR says otherwise; wrap at its width (or COLUMNS). */
function terminalOptions(verbose: boolean): TextOptions {
  const tty = process.stdout.isTTY === true;
  const force = process.env.FORCE_COLOR;
  const color = force !== undefined ? force !== '0' : tty && !process.env.NO_COLOR;
  const columns = tty ? process.stdout.columns : Number(process.env.COLUMNS);
  return {
    color,
    width: Number.isFinite(columns) && columns > 0 ? columns : undefined,
    howToFix: verbose ? (id) => ruleInfo(id)?.docs.howToFix : undefined,
  };
}

/** A `.modelready.json` inside the checked folder is something to check (its target), even with no model beside it. */
const holdsProjectConfig = (p: string) =>
  fs.statSync(p).isDirectory() && fs.existsSync(path.join(p, '.modelready.json'));

const folderOf = (p: string) => (fs.statSync(p).isDirectory() ? path.resolve(p) : path.dirname(path.resolve(p)));

/** Pins that disagree across the files of one configuration (engine-building TensorRT vs the serving image). */
function stackAcrossFiles(targets: string[], configs: ModelReadyConfig[]): Finding[] {
  const groups = new Map<ModelReadyConfig, string[]>();
  targets.forEach((t, i) => {
    if (!isIgnored(configs[i], t)) groups.set(configs[i], [...(groups.get(configs[i]) ?? []), t]);
  });
  return [...groups].flatMap(([config, files]) => applyRuleSettings(checkWorkspaceStack(files), config));
}

/** Target conflicts, once per configuration file (or once for the flags alone). */
function targetFindings(configs: ModelReadyConfig[]): Finding[] {
  const seen = new Set<string>();
  return configs.flatMap((config) => {
    const key = config.file ?? '';
    if (seen.has(key)) return [];
    seen.add(key);
    return targetConflictFindings(config);
  });
}

const warnedReleases = new Set<string>();

function checkedTarget(config: ModelReadyConfig): ModelReadyConfig {
  const requested = targetOf(config).tensorrt ?? undefined;
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
