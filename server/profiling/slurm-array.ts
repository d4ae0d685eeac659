// The cells of a profile matrix on one Slurm host as ONE job array (`sbatch --array=0-N%limit`): the model is
// uploaded once, cell i runs its own trtexec command line into its own folder, and the array is followed with
// scontrol (sacct once the controller forgets it). A journal next to the run store names the array before and after
// it is submitted, so a client that dies mid-matrix finds it again on restart and collects the cells that finished
// meanwhile instead of submitting them again. Only a cancel by the user scancels the array.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { writeFileAtomic } from '../atomic-write';
import { checkSlurmOptions } from '../config/slurm-options';
import { sftpMkdirs, sftpReadFile } from './model-upload';
import type { RemoteProfileRequest } from './remote-run';
import { batchScript, sbatchArgs, wrapForNode } from './slurm-script';
import {
  describeFailure,
  isFinalState,
  parseSacct,
  parseSbatchOutput,
  parseScontrolJobs,
  pollDelayMs,
  SACCT_FIELDS,
  secondsBetween,
  type SlurmJobStatus,
} from './slurm-status';
import {
  prepareSlurmHost,
  removeDir,
  run,
  trtexecArgvFor,
  type SlurmProfileHooks,
  type SlurmProfileTarget,
} from './slurm-target';
import { SshConnection } from './ssh-connection';
import {
  checkTrtexecExit,
  exportPaths,
  importCollected,
  MAX_EXPORT_BYTES,
  MAX_LOG_BYTES,
  ProfileCancelledError,
  RemoteRunError,
  type CollectedRun,
} from './trtexec-run';

/** One cell: its key in the run store, its trtexec request (all cells share the model files) and its image. */
export interface ArrayCell {
  key: string;
  request: RemoteProfileRequest;
  image?: string;
}

export type ArrayCellOutcome =
  | (CollectedRun & { ok: true; trtexecArgs: string[]; slurm: CellJob })
  | { ok: false; message: string; slurm?: CellJob };

export interface CellJob {
  jobId: string;
  node?: string;
  queueWaitS?: number;
  state: string;
}

export interface ArrayHooks extends Pick<SlurmProfileHooks, 'signal' | 'capabilityCache' | 'connections'> {
  /** Each change of a cell's job state. */
  onCellState?: (key: string, status: SlurmJobStatus) => void;
  /** A cell finished (result or failure); awaited, so the caller can store it before the journal forgets it. */
  onCellDone: (key: string, outcome: ArrayCellOutcome) => Promise<void> | void;
  /** The array job id, once submitted (or found again). */
  onSubmitted?: (jobId: string, cells: number) => void;
}

/** What the journal keeps about an array in flight. */
interface Journal {
  name: string;
  jobId?: string;
  runDir: string;
  cells: { index: number; key: string; argv: string[] }[];
}

function readJournal(file: string): Journal | undefined {
  try {
    const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
    return typeof journal.runDir === 'string' && Array.isArray(journal.cells) ? journal : undefined;
  } catch {
    return undefined; // none, or damaged: the cells are submitted again
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every cell's status of an array job: the controller while it remembers the job, then accounting. */
async function queryArray(conn: SshConnection, jobId: string): Promise<Map<string, SlurmJobStatus>> {
  const shown = await run(conn, ['scontrol', 'show', 'job', '-o', jobId]);
  if (shown.code === 0) {
    const jobs = parseScontrolJobs(shown.out);
    if (jobs.size) return jobs;
  }
  const acct = await run(conn, ['sacct', '-n', '-P', '-X', '-j', jobId, '-o', SACCT_FIELDS]);
  return acct.code === 0 ? parseSacct(acct.out) : new Map();
}

async function collect(
  conn: SshConnection,
  runDir: string,
  cell: Journal['cells'][number],
  status: SlurmJobStatus,
  request: RemoteProfileRequest,
): Promise<ArrayCellOutcome> {
  const slurm: CellJob = {
    jobId: status.jobId,
    node: status.node,
    queueWaitS: secondsBetween(status.submitTime, status.startTime),
    state: status.state,
  };
  try {
    if (status.state !== 'COMPLETED') throw new RemoteRunError(describeFailure(status));
    const dir = `${runDir}/${cell.index}`;
    const log = (await sftpReadFile(conn, `${dir}.out`, MAX_LOG_BYTES)).toString('utf8');
    checkTrtexecExit({ code: status.exitCode ?? null }, log);
    const exports = [];
    for (const [name, p] of Object.entries(exportPaths(dir, request.choices.exportTimes ?? true)))
      exports.push({ name, path: p, text: (await sftpReadFile(conn, p, MAX_EXPORT_BYTES)).toString('utf8') });
    return { ok: true, ...importCollected(log, exports, request.onnxNodeNames), trtexecArgs: cell.argv, slurm };
  } catch (error) {
    if (conn.isLost) throw error; // not the cell's fault: the journal keeps it for the next attempt
    return { ok: false, message: error instanceof Error ? error.message : String(error), slurm };
  }
}

/** Follows an array until each of `cells` is final and handed to onCellDone. */
async function follow(
  conn: SshConnection,
  journal: Journal & { jobId: string },
  requests: Map<string, RemoteProfileRequest>,
  target: SlurmProfileTarget,
  hooks: ArrayHooks,
): Promise<void> {
  const waiting = new Map(journal.cells.filter((c) => requests.has(c.key)).map((c) => [c.index, c]));
  const seen = new Map<number, string>();
  const started = Date.now();
  let unknownPolls = 0;
  while (waiting.size) {
    if (hooks.signal?.aborted) {
      await run(conn, ['scancel', journal.jobId]);
      throw new ProfileCancelledError(`profile matrix cancelled; Slurm array ${journal.jobId} was cancelled`);
    }
    const jobs = await queryArray(conn, journal.jobId);
    unknownPolls = jobs.size ? 0 : unknownPolls + 1;
    for (const [index, cell] of waiting) {
      const status = jobs.get(`${journal.jobId}_${index}`);
      if (!status) {
        if (unknownPolls < 3) continue;
        await hooks.onCellDone(cell.key, {
          ok: false,
          message: `Slurm no longer knows array job ${journal.jobId}; cell ${index} is lost and will run again next time`,
        });
        waiting.delete(index);
        continue;
      }
      const state = `${status.state} ${status.reason ?? ''}`;
      if (seen.get(index) !== state) {
        seen.set(index, state);
        hooks.onCellState?.(cell.key, status);
      }
      if (!isFinalState(status.state)) continue;
      await hooks.onCellDone(cell.key, await collect(conn, journal.runDir, cell, status, requests.get(cell.key)!));
      waiting.delete(index);
    }
    if (waiting.size) await sleep(pollDelayMs(Date.now() - started, target.pollMs));
  }
}

/** Submits `cells` as one array (or resumes the one a previous client left in `journalFile`) and follows it. */
export async function runSlurmArray(
  target: SlurmProfileTarget,
  cells: ArrayCell[],
  journalFile: string,
  hooks: ArrayHooks,
  concurrency?: number,
): Promise<void> {
  for (const cell of cells) checkSlurmOptions({ ...target.slurm, containerImage: cell.image });
  const requests = new Map(cells.map((c) => [c.key, c.request]));
  const conn = await (hooks.connections?.borrow(target) ?? SshConnection.connect(target));
  try {
    const previous = readJournal(journalFile);
    if (previous) {
      // Submitted by a client that died: find the array (by name if it died right after sbatch) and collect it.
      const named = await run(conn, ['squeue', '-h', `--name=${previous.name}`, '-o', '%F']);
      const jobId = previous.jobId ?? (named.code === 0 ? named.out.trim().split('\n')[0] || undefined : undefined);
      if (jobId) {
        hooks.onSubmitted?.(jobId, previous.cells.length);
        await follow(conn, { ...previous, jobId }, requests, target, hooks);
        for (const cell of previous.cells) requests.delete(cell.key);
      }
      await removeDir(conn, previous.runDir);
      fs.rmSync(journalFile, { force: true });
    }
    const todo = cells.filter((c) => requests.has(c.key));
    if (todo.length === 0) return;
    const host = await prepareSlurmHost(conn, target, todo[0].request.files, hooks, () => undefined);
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}`;
    const runDir = `${host.workDir}/runs/matrix-${id}`;
    const sftp = await conn.sftp();
    const journal: Journal = { name: `mr-matrix-${id.slice(-8)}`, runDir, cells: [] };
    const commands = todo.map((cell, index) => {
      const paths = exportPaths(`${runDir}/${index}`, cell.request.choices.exportTimes ?? true);
      const argv = trtexecArgvFor(target.trtexecPath ?? 'trtexec', cell.request, host, paths);
      const options = { ...target.slurm, containerImage: cell.image ?? target.slurm.containerImage };
      journal.cells.push({ index, key: cell.key, argv });
      return wrapForNode(options, argv, [host.workDir]);
    });
    for (let i = 0; i < todo.length; i++)
      await conn.guard(sftpMkdirs(sftp, `${runDir}/${i}`), 'creating the remote cell folders');
    const script = `${runDir}/array.sh`;
    await conn.guard(
      new Promise<void>((resolve, reject) =>
        sftp.writeFile(script, batchScript(commands), { mode: 0o700 }, (err) => (err ? reject(err) : resolve())),
      ),
      'writing the batch script',
    );
    if (hooks.signal?.aborted) throw new ProfileCancelledError('profile matrix cancelled');
    writeFileAtomic(journalFile, JSON.stringify(journal));
    const submitted = await run(
      conn,
      sbatchArgs({ ...target.slurm, jobName: journal.name }, script, `${runDir}/%a.out`, {
        size: todo.length,
        concurrency,
      }),
    );
    if (submitted.code !== 0) {
      fs.rmSync(journalFile, { force: true });
      await removeDir(conn, runDir);
      throw new RemoteRunError(`sbatch on ${conn.label} refused the array: ${submitted.err.trim().slice(0, 500)}`);
    }
    const jobId = parseSbatchOutput(submitted.out);
    writeFileAtomic(journalFile, JSON.stringify({ ...journal, jobId }));
    hooks.onSubmitted?.(jobId, todo.length);
    await follow(conn, { ...journal, jobId }, requests, target, hooks);
    await removeDir(conn, runDir);
    fs.rmSync(journalFile, { force: true });
  } catch (error) {
    // A cancel ends the array for good; any other error leaves the journal for the next attempt to resume.
    if (error instanceof ProfileCancelledError) fs.rmSync(journalFile, { force: true });
    throw error;
  } finally {
    if (hooks.connections) hooks.connections.giveBack(target, conn);
    else conn.close();
  }
}
