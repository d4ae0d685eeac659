// `modelready profile-matrix <model.onnx> --hosts a,b [--images x,y] [--profiles p1,p2] [--concurrency N]
//   [--precision P] [--iterations N] [--config file] [--store dir] [--json | --csv]`
// trtexec over hosts × images × shape profiles (hosts from .modelready.json; profiles p1, p2, … are the model's
// profiles there, in order). Progress goes to stderr, the table to stdout. Cells already in the run store are not run
// again, so running the same command after an interruption finishes the matrix. Exit 1 when a cell failed.
import path from 'node:path';
import { ConfigError, findConfigFile, loadConfigFile } from '../config/config';
import type { Precision } from '../contract/profiling';
import { OnnxReadError } from '../onnx/reader';
import { matrixCsv, matrixText } from '../profiling/matrix-table';
import { MatrixProfileError, matrixSpecFor, type MatrixCell } from '../profiling/matrix-spec';
import { describeCellEvent, runProfileMatrix, type CellEvent } from '../profiling/profile-matrix';
import { defaultRunStoreDir, RunStore } from '../profiling/run-store';
import { SshKeeper } from '../profiling/ssh-keeper';
import { RemoteRunError } from '../profiling/trtexec-run';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, parseCliArgs, requireOneModelFile } from './usage';

const PRECISIONS: readonly Precision[] = ['fp32', 'fp16', 'bf16', 'int8', 'fp8', 'best'];
const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function runProfileMatrixCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      hosts: { type: 'string' },
      images: { type: 'string' },
      profiles: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      precision: { type: 'string' },
      iterations: { type: 'string' },
      config: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
  });
  const model = path.resolve(requireOneModelFile(positionals));
  if (values.json && values.csv) throw new CliUsageError('--json and --csv exclude each other');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new CliUsageError(`--concurrency expects an integer 1..64; got "${values.concurrency}"`);
  const precision = values.precision as Precision | undefined;
  if (precision !== undefined && !PRECISIONS.includes(precision))
    throw new CliUsageError(`--precision expects one of ${PRECISIONS.join(', ')}`);
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 1))
    throw new CliUsageError(`--iterations expects a positive integer; got "${values.iterations}"`);

  const configFile = values.config ?? findConfigFile(path.dirname(model));
  if (!configFile) throw new CliUsageError(`no .modelready.json above ${model} names any hosts`);
  let config;
  try {
    config = loadConfigFile(configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_FINDINGS;
    }
    throw error;
  }
  const hostNames = list(values.hosts);
  if (hostNames.length === 0) throw new CliUsageError('--hosts expects host names from .modelready.json, e.g. a,b');
  const known = config.hosts ?? [];
  const hosts = hostNames.map((name) => {
    const host = known.find((h) => h.name === name);
    if (!host)
      throw new CliUsageError(
        `${configFile}: no host "${name}" (hosts: ${known.map((h) => h.name).join(', ') || 'none'})`,
      );
    return host;
  });
  let spec;
  try {
    spec = matrixSpecFor(model, config, {
      hosts,
      images: list(values.images),
      profiles: list(values.profiles),
      choices: { precision, iterations },
      concurrency,
    });
  } catch (error) {
    if (error instanceof MatrixProfileError) throw new CliUsageError(`${configFile}: ${error.message}`);
    if (error instanceof OnnxReadError || error instanceof RemoteRunError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_FINDINGS;
    }
    throw error;
  }
  const store = new RunStore(values.store ? path.resolve(values.store) : defaultRunStoreDir());
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let done = 0;
  const total = hosts.length * Math.max(1, spec.images.length) * Math.max(1, spec.profiles.length);
  const progress = (cell: MatrixCell, event: CellEvent) => {
    if (event.kind === 'done') done++;
    const where = [cell.host.name, cell.image, cell.profile].filter(Boolean).join(' · ');
    process.stderr.write(`[${done}/${total}] ${where}: ${describeCellEvent(event)}\n`);
  };
  // One connection per login node for the whole matrix, closed at the end.
  const connections = new SshKeeper();
  try {
    const table = await runProfileMatrix(spec, store, {
      onCell: progress,
      signal: controller.signal,
      connections,
    });
    process.stdout.write(
      values.json ? JSON.stringify(table, null, 2) + '\n' : values.csv ? matrixCsv(table) : matrixText(table),
    );
    return table.rows.every((r) => r.ok) ? EXIT_OK : EXIT_FINDINGS;
  } catch (error) {
    process.stderr.write(`modelready profile-matrix: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FINDINGS;
  } finally {
    connections.closeAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
