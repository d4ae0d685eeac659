// `modelready trtexec import <files...> [--json]`: reads any mix of trtexec logs and exports and prints the run
// summary and the per-layer times (profile order) with the ONNX nodes each layer came from.
import { importTrtexecFiles, TrtexecImportError, type ImportedRun } from '../profiling/importResults';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = 'usage: modelready trtexec import <log|--exportProfile|--exportLayerInfo|--exportTimes files...> [--json]';

/** The stable JSON shape the CLI prints (documented in the issue): summary, then layers in profile order. */
export function toImportJson(run: ImportedRun) {
  return {
    summary: run.summary,
    layers: run.layers.map((l) => ({ name: l.name, averageMs: l.averageMs, medianMs: l.medianMs, percentage: l.percentage, onnxNodes: l.onnxNodes })),
  };
}

function formatText(run: ImportedRun): string {
  const s = run.summary;
  const lines: string[] = [];
  if (s.tensorrtVersion) lines.push(`TensorRT ${s.tensorrtVersion}${s.device?.name ? ` on ${s.device.name}` : ''}`);
  else if (s.device?.name) lines.push(`Device: ${s.device.name}`);
  if (s.throughputQps !== undefined) lines.push(`Throughput: ${s.throughputQps} qps`);
  if (s.gpuCompute) lines.push(`GPU compute: mean ${s.gpuCompute.meanMs} ms, median ${s.gpuCompute.medianMs} ms, p99 ${s.gpuCompute.percentilesMs['99'] ?? '-'} ms`);
  for (const w of s.warnings) lines.push(`warning: ${w.message}`);
  if (run.layers.length > 0) {
    lines.push('', 'avg ms      %      layer -> ONNX nodes');
    for (const l of run.layers) {
      lines.push(`${(l.averageMs ?? 0).toFixed(4).padStart(8)} ${(l.percentage ?? 0).toFixed(2).padStart(6)}  ${l.name} -> ${l.onnxNodes.join(', ') || '(unmapped)'}`);
    }
  }
  if (s.unmapped && s.unmapped.layers.length > 0) {
    lines.push(`unmapped: ${s.unmapped.layers.length} layers, ${s.unmapped.averageMs.toFixed(4)} ms, ${s.unmapped.percentage.toFixed(2)}%`);
  }
  return lines.join('\n') + '\n';
}

/** Returns the process exit code: 0 ok, 1 bad input, 2 usage error. */
export async function trtexecImportCommand(args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (unknown.length > 0 || files.length === 0) {
    io.stderr(`${unknown.length > 0 ? `unknown option ${unknown[0]}\n` : ''}${USAGE}\n`);
    return 2;
  }
  try {
    const run = await importTrtexecFiles(files);
    io.stdout(json ? JSON.stringify(toImportJson(run), null, 2) + '\n' : formatText(run));
    return 0;
  } catch (e) {
    if (e instanceof TrtexecImportError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
