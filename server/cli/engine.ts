// `modelready engine <layers.json> [--profile p.json] [--onnx m.onnx] [--json]`: a TensorRT engine description
// layer by layer (engine order, reformat and NoOp layers included) with times, ONNX nodes and engine findings
// (server/rules/engine/, configured by .modelready.json like every rule id).
import path from 'node:path';
import { configureFindings } from '../analyze';
import { resolveConfig } from '../config/config';
import type { EngineComparison, EngineReport, EngineTensor } from '../contract/engine';
import { compareEngines, precisionDifferences } from '../engine/compare-engines';
import { EngineInputError, loadEngineReport } from '../engine/load-engine';
import { CliUsageError, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE =
  'usage: modelready engine <layers.json> [--profile profile.json] [--onnx model.onnx] [--compare other-layers.json [--compare-profile other-profile.json]] [--json]';

/** The JSON shape the CLI prints (issue 18): engine I/O details stay out; layers carry their tensors. */
export function toEngineJson(report: EngineReport, comparison?: EngineComparison) {
  const json = { tensorrtVersion: report.tensorrtVersion, layers: report.layers, findings: report.findings };
  return comparison ? { ...json, comparison } : json;
}

/** Rows shown in the text report; the JSON carries them all. */
const COMPARISON_ROWS = 30;

function comparisonText(c: EngineComparison): string[] {
  const ms = (v: number | null) => (v === null ? '—' : v.toFixed(4)).padStart(8);
  const lines = [
    '',
    `per ONNX node against the other engine (${c.nodes.length} nodes, ${c.precisionChanges} in another precision; biggest change first):`,
    '  this ms  other ms   delta ms  precision        node',
  ];
  for (const n of c.nodes.slice(0, COMPARISON_ROWS)) {
    const precision = `${n.basePrecision ?? '—'} -> ${n.otherPrecision ?? '—'}`;
    lines.push(`${ms(n.baseMs)}  ${ms(n.otherMs)}  ${ms(n.deltaMs)}  ${precision.padEnd(15)}  ${n.node}`);
  }
  if (c.nodes.length > COMPARISON_ROWS) lines.push(`  … ${c.nodes.length - COMPARISON_ROWS} more (--json has all)`);
  return lines;
}

const tensorText = (t: EngineTensor) => `${t.dataType ?? '?'}${t.shape ? `[${t.shape.join('x')}]` : ''}`;

function formatText(report: EngineReport, comparison?: EngineComparison): string {
  const cell = (v: number | null, digits: number, width: number) =>
    (v === null ? '—' : v.toFixed(digits)).padStart(width);
  const version = report.tensorrtVersion
    ? `TensorRT ${report.tensorrtVersion} (from ${report.tensorrtVersionSource})`
    : 'TensorRT version not stated in the JSON or beside it';
  const lines = [
    `${report.layers.length} engine layers, ${version}`,
    '',
    '  avg ms       %  precision  type  layer -> ONNX nodes',
  ];
  for (const l of report.layers) {
    const io =
      l.inputs.length > 0 ? ` (${l.inputs.map(tensorText).join(', ')} -> ${l.outputs.map(tensorText).join(', ')})` : '';
    lines.push(
      `${cell(l.averageMs, 4, 8)} ${cell(l.percentage, 2, 7)}  ${(l.precision ?? '—').padEnd(9)}  ${l.type ?? '—'}  ${l.name}${io} -> ${l.onnxNodes.join(', ') || '(unmapped)'}`,
    );
  }
  if (comparison) lines.push(...comparisonText(comparison));
  if (report.findings.length > 0) lines.push('');
  for (const f of report.findings) lines.push(`${f.severity} ${f.ruleId}: ${f.message}`);
  return lines.join('\n') + '\n';
}

/** Returns the exit code: 0 ok, 1 bad input, 2 usage error. */
export function engineCommand(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        onnx: { type: 'string' },
        profile: { type: 'string' },
        compare: { type: 'string' },
        'compare-profile': { type: 'string' },
      },
    });
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || (values['compare-profile'] && !values.compare)) {
    io.stderr(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    const report = loadEngineReport({ layers: positionals[0], profile: values.profile, onnx: values.onnx });
    let comparison: EngineComparison | undefined;
    if (values.compare) {
      const other = loadEngineReport({ layers: values.compare, profile: values['compare-profile'], onnx: values.onnx });
      report.findings.push(...precisionDifferences(report, other));
      comparison = compareEngines(report, other);
    }
    // Severities, 'off' and ignore globs of the .modelready.json found from the description's folder, as for `check`.
    const config = resolveConfig(path.dirname(path.resolve(positionals[0])));
    report.findings = configureFindings(positionals[0], report.findings, config);
    io.stdout(
      values.json ? JSON.stringify(toEngineJson(report, comparison), null, 2) + '\n' : formatText(report, comparison),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof EngineInputError) {
      io.stderr(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export function runEngine(args: string[]): number {
  return engineCommand(args, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
