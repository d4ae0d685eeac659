import fs from 'node:fs';
import { analyzeFile } from '../analyze';
import type { Finding } from '../findings';
import { formatSarif } from '../report/sarif';
import { summarize } from '../report/summary';
import { formatText } from '../report/text';
import { findAnalyzableFiles } from '../workspace-files';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

const FORMATS = ['text', 'json', 'sarif'] as const;

export function runCheck(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' } },
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (positionals.length === 0) throw new CliUsageError('expects at least one file or folder');

  const unreadable = positionals.filter((p) => !fs.existsSync(p));
  for (const p of unreadable) process.stderr.write(`modelready check: ${p}: no such file or folder\n`);
  const files = positionals.filter((p) => !unreadable.includes(p)).flatMap(findAnalyzableFiles);
  const findings: Finding[] = files.flatMap((file) => analyzeFile(file));
  const summary = summarize(findings, files.length);

  if (format === 'json') process.stdout.write(JSON.stringify({ diagnostics: findings, summary }, null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(findings), null, 2) + '\n');
  else process.stdout.write(formatText(findings, summary) + '\n');

  if (unreadable.length > 0) return EXIT_USAGE;
  return summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
