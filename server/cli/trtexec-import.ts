// `modelready trtexec import <files...> [--json]`: reads any mix of trtexec logs and exports and prints the run
// summary and the per-layer times (profile order) with the ONNX nodes each layer came from.
import type { ImportedRun } from '../contract/trtexec-results';
import { importTrtexecFiles, TrtexecImportError } from '../profiling/import-results';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { CliUsageError, EXIT_OK, EXIT_USAGE, parseCliArgs } from './usage';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE =
  'usage: modelready trtexec import <log|--exportProfile|--exportLayerInfo|--exportTimes files...> [--onnx model.onnx] [--json]';

/** The stable JSON shape the CLI prints (documented in the issue): summary, then layers in profile order. */
export function toImportJson(run: ImportedRun) {
  return {
    summary: run.summary,
    layers: run.layers.map((l) => ({
      name: l.name,
      averageMs: l.averageMs,
      medianMs: l.medianMs,
      percentage: l.percentage,
      onnxNodes: l.onnxNodes,
    })),
  };
}

function formatText(run: ImportedRun): string {
  const s = run.summary;
  const lines: string[] = [];
  if (s.tensorrtVersion) lines.push(`TensorRT ${s.tensorrtVersion}${s.device?.name ? ` on ${s.device.name}` : ''}`);
  else if (s.device?.name) lines.push(`Device: ${s.device.name}`);
  if (s.throughputQps !== undefined) lines.push(`Throughput: ${s.throughputQps} qps`);
  if (s.gpuCompute)
    lines.push(
      `GPU compute: mean ${s.gpuCompute.meanMs} ms, median ${s.gpuCompute.medianMs} ms, p99 ${s.gpuCompute.percentilesMs['99'] ?? '—'} ms`,
    );
  for (const w of s.warnings) lines.push(`warning: ${w.message}`);
  if (run.layers.length > 0) {
    // A column the files do not have (no profile, no median before TensorRT 8.5) shows "—", never a stand-in.
    const cell = (v: number | null, digits: number, width: number) =>
      (v === null ? '—' : v.toFixed(digits)).padStart(width);
    lines.push('', '  avg ms  median ms       %  layer -> ONNX nodes');
    for (const l of run.layers) {
      lines.push(
        `${cell(l.averageMs, 4, 8)} ${cell(l.medianMs, 4, 10)} ${cell(l.percentage, 2, 7)}  ${l.name} -> ${l.onnxNodes.join(', ') || '(unmapped)'}`,
      );
    }
  }
  if (s.unmapped && s.unmapped.layers.length > 0) {
    lines.push(
      `unmapped: ${s.unmapped.layers.length} layers, ${s.unmapped.averageMs.toFixed(4)} ms, ${s.unmapped.percentage.toFixed(2)}%`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Returns the process exit code: 0 ok, 1 bad input, 2 usage error. */
export async function trtexecImportCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, onnx: { type: 'string' } },
    });
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals: files } = parsed;
  if (files.length === 0) {
    io.stderr(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    // With the model, names are checked against real nodes and ForeignNode blocks expand to every node.
    const onnxNodeNames = values.onnx ? (readOnnxModel(values.onnx).graph?.nodes ?? []).map((n) => n.name) : undefined;
    const run = await importTrtexecFiles(files, { onnxNodeNames });
    io.stdout(values.json ? JSON.stringify(toImportJson(run), null, 2) + '\n' : formatText(run));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof TrtexecImportError || e instanceof OnnxReadError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** `modelready trtexec <subcommand>`: only `import` for now. */
export function runTrtexec(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') throw new CliUsageError(`expects a subcommand: ${USAGE.replace('usage: ', '')}`);
  return trtexecImportCommand(rest, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
