// Entry script of the GitHub Action (action.yml): runs `modelready check` once, in SARIF, on the paths of the
// inputs, then writes the SARIF file (for the upload step), a job summary table (findings per rule and file),
// one annotation per finding and the step outputs. Exit 1 when a finding reaches the fail-on level, 2 when the
// inputs or the check itself are wrong (then no SARIF file is written). Plain Node, no dependencies: it runs from
// the action's checkout as committed. Inputs come as INPUT_* variables (action.yml maps them).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SEVERITY_OF_LEVEL = { error: 'error', warning: 'warning', note: 'info' };
const RANK = { info: 1, warning: 2, error: 3 };
const FAIL_ON = { info: 1, warning: 2, error: 3, never: Infinity };
const TARGET_FLAGS = { TARGET_TRT: '--target-trt', TARGET_TRITON: '--target-triton', TARGET_GPU: '--target-gpu' };
const MAX_SUMMARY_ROWS = 200;

class InputError extends Error {}

function readInputs(env) {
  const input = (name) => (env[`INPUT_${name}`] ?? '').trim();
  const paths = input('PATHS')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const failOn = input('FAIL_ON') || 'error';
  if (!(failOn in FAIL_ON))
    throw new InputError(`fail-on must be one of ${Object.keys(FAIL_ON).join(', ')}, not '${failOn}'`);
  const sarifFile = input('SARIF_FILE') || 'modelready.sarif';
  if (/[\r\n]/.test(sarifFile)) throw new InputError('sarif-file must be one path on one line');
  const options = [];
  for (const [name, flag] of Object.entries(TARGET_FLAGS)) if (input(name)) options.push(flag, input(name));
  if (input('CONFIG')) options.push('--config', input('CONFIG'));
  const cli = env.MODELREADY_CLI;
  if (!cli) throw new InputError('MODELREADY_CLI (the installed dist/cli.js) is not set');
  // `--` ends the options: a path that starts with '-' stays a path.
  return {
    cli,
    args: ['check', '--format', 'sarif', ...options, '--', ...(paths.length ? paths : ['.'])],
    failOn,
    sarifFile,
  };
}

/** One row per rule and file with its counts per severity, most errors first. */
function countByRuleAndFile(results) {
  const rows = new Map();
  for (const r of results) {
    const file = fileOf(r) ?? '(no file)';
    const key = `${r.ruleId}\0${file}`;
    const row = rows.get(key) ?? { rule: r.ruleId, file, error: 0, warning: 0, info: 0 };
    row[SEVERITY_OF_LEVEL[r.level] ?? 'warning']++;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.error - a.error || b.warning - a.warning || a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file),
  );
}

function fileOf(result) {
  const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
  return uri === undefined ? undefined : uri.split('/').map(decodeURIComponent).join('/');
}

/** Markdown table cell: no line breaks, no column breaks, code spans kept closed. */
const cell = (text) =>
  text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'");

function summaryMarkdown(rows, totals) {
  const lines = [
    '## ModelReady check',
    '',
    `${totals.error} errors, ${totals.warning} warnings, ${totals.info} info`,
    '',
  ];
  if (rows.length === 0) return [...lines, 'No findings.', ''].join('\n');
  lines.push('| rule | file | errors | warnings | info |', '|---|---|---:|---:|---:|');
  for (const r of rows.slice(0, MAX_SUMMARY_ROWS))
    lines.push(`| \`${cell(r.rule)}\` | \`${cell(r.file)}\` | ${r.error} | ${r.warning} | ${r.info} |`);
  if (rows.length > MAX_SUMMARY_ROWS)
    lines.push('', `… and ${rows.length - MAX_SUMMARY_ROWS} more rows (see the SARIF file).`);
  return [...lines, ''].join('\n');
}

// Workflow command escaping (the runner's own rules): data escapes % CR LF, properties also : and ,.
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(result) {
  const command = { error: 'error', warning: 'warning', note: 'notice' }[result.level] ?? 'warning';
  const region = result.locations?.[0]?.physicalLocation?.region;
  const file = fileOf(result);
  const properties = [
    ...(file === undefined ? [] : [`file=${escapeProperty(file)}`]),
    ...(region?.startLine ? [`line=${region.startLine}`] : []),
    ...(region?.startColumn ? [`col=${region.startColumn}`] : []),
    `title=${escapeProperty(`ModelReady ${result.ruleId}`)}`,
  ];
  return `::${command} ${properties.join(',')}::${escapeData(result.message?.text ?? '')}`;
}

function writeAtomically(file, text) {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

function main(env) {
  const { cli, args, failOn, sarifFile } = readInputs(env);
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.error) throw new InputError(`cannot run ${cli}: ${run.error.message}`);
  if (run.status !== 0 && run.status !== 1) {
    console.log(
      `::error title=ModelReady::modelready check failed (exit ${run.status ?? run.signal}); see the log above`,
    );
    return 2;
  }
  let sarif;
  try {
    sarif = JSON.parse(run.stdout);
  } catch {
    throw new InputError(`modelready check printed no SARIF: ${run.stdout.slice(0, 200)}`);
  }
  const results = sarif.runs?.[0]?.results ?? [];
  writeAtomically(sarifFile, run.stdout);

  const rows = countByRuleAndFile(results);
  const totals = { error: 0, warning: 0, info: 0 };
  for (const r of rows) for (const k of Object.keys(totals)) totals[k] += r[k];
  const summary = summaryMarkdown(rows, totals);
  if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
  else console.log(summary);
  for (const r of results) console.log(annotation(r));
  if (env.GITHUB_OUTPUT)
    fs.appendFileSync(
      env.GITHUB_OUTPUT,
      `sarif-file=${sarifFile}\nerrors=${totals.error}\nwarnings=${totals.warning}\ninfo=${totals.info}\n`,
    );

  const worst = Math.max(0, ...Object.entries(totals).map(([severity, n]) => (n > 0 ? RANK[severity] : 0)));
  const failed = worst >= FAIL_ON[failOn];
  console.log(
    `ModelReady: ${totals.error} errors, ${totals.warning} warnings, ${totals.info} info; fail-on ${failOn}: ${failed ? 'failing' : 'passing'}`,
  );
  return failed ? 1 : 0;
}

try {
  process.exitCode = main(process.env);
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.log(`::error title=ModelReady::${escapeData(error.message)}`);
  process.exitCode = 2;
}
