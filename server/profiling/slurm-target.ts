// trtexec as a Slurm batch job: the login node is reached over the SSH transport (host key verified), the model is
// uploaded once into the shared work folder through the content-hash cache, the job is submitted with sbatch,
// followed with scontrol (sacct once the controller forgets it), its output file streamed over SFTP, cancelled with
// scancel. Every command line is built by the one quoter.
import crypto from 'node:crypto';
import type { ProfilePhase } from '../contract/profiling';
import { sftpMkdirs, sftpReadFile, uploadModel, type UploadResult } from './model-upload';
import {
  defaultCapabilityCache,
  probeCapabilities,
  type ProfileTarget,
  type RemoteProfileHooks,
  type RemoteProfileRequest,
  type RemoteProfileResult,
} from './remote-run';
import { shellOf, type ShellResult } from './remote-shell';
import { quoteShellCommand } from './shell-quote';
import { batchScript, sbatchArgs, wrapForNode, type SlurmJobOptions } from './slurm-script';
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
import { SshConnection } from './ssh-connection';
import type { SshKeeper } from './ssh-keeper';
import { buildTrtexecArgs, type TrtexecCapabilities } from './trtexec-command';
import {
  checkTrtexecExit,
  exportPaths,
  importCollected,
  isInferenceStart,
  PhaseClock,
  lineSplitter,
  MAX_EXPORT_BYTES,
  MAX_LOG_BYTES,
  ProfileCancelledError,
  RemoteRunError,
} from './trtexec-run';

export interface SlurmProfileTarget extends Omit<ProfileTarget, 'containerImage'> {
  slurm: SlurmJobOptions;
  /** The longest wait between two looks at the job (scontrol, the output file); default 1000 ms. */
  pollMs?: number;
}

export interface SlurmProfileHooks extends RemoteProfileHooks {
  /** Each change of the job's state (PENDING with its reason, RUNNING on a node, the final state). */
  onJob?: (status: SlurmJobStatus) => void;
  /** sbatch accepted the job. */
  onSubmitted?: (jobId: string) => void;
  /** Keeps the connection (and its command shell) for the next run to the same login; default: closed at the end. */
  connections?: SshKeeper;
}

export interface SlurmProfileResult extends RemoteProfileResult {
  slurm: { jobId: string; node?: string; queueWaitS?: number; state: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often the job's output file is read while the controller is asked less often (pollDelayMs). */
const TAIL_MS = 100;
/** How often the controller is asked once trtexec's log has ended and the job is about to. */
const ENDING_POLL_MS = 25;
/** For at most this long after trtexec's last line: a job that then hangs is asked about at the usual pace. */
const ENDING_WINDOW_MS = 5000;
/** trtexec's last line: "&&&& PASSED …" or "&&&& FAILED …". */
const isTrtexecEnd = (line: string): boolean => /^&&&& (PASSED|FAILED) /.test(line);

/** Runs one quoted command on the login node through the connection's command shell; its output is kept (bounded). */
export const run = (conn: SshConnection, argv: string[]): Promise<ShellResult> =>
  conn.guard(shellOf(conn).run(quoteShellCommand(argv)), `running ${argv[0]}`);

/** The job's status: the controller while it remembers the job, then accounting. */
export async function querySlurmJob(conn: SshConnection, jobId: string): Promise<SlurmJobStatus | undefined> {
  const shown = await run(conn, ['scontrol', 'show', 'job', '-o', jobId]);
  if (shown.code === 0) {
    const status = parseScontrolJobs(shown.out).get(jobId);
    if (status) return status;
  }
  const acct = await run(conn, ['sacct', '-n', '-P', '-X', '-j', jobId, '-o', SACCT_FIELDS]);
  return acct.code === 0 ? parseSacct(acct.out).get(jobId) : undefined;
}

/** Reads what the job's output file gained since `offset` (nothing when it does not exist yet). */
async function readFrom(conn: SshConnection, file: string, offset: number): Promise<Buffer> {
  const sftp = await conn.sftp();
  return new Promise((resolve) => {
    sftp.open(file, 'r', (err, handle) => {
      if (err) return resolve(Buffer.alloc(0));
      const buf = Buffer.alloc(256 * 1024);
      sftp.read(handle, buf, 0, buf.length, offset, (readErr, bytes) => {
        sftp.close(handle, () => resolve(readErr || !bytes ? Buffer.alloc(0) : buf.subarray(0, bytes)));
      });
    });
  });
}

export async function removeDir(conn: SshConnection, dir: string): Promise<void> {
  await run(conn, ['rm', '-rf', '--', dir]).catch(() => undefined);
}

/** What a login node gives every job: the absolute shared work folder, trtexec's flags, the uploaded model. */
export interface PreparedSlurmHost {
  workDir: string;
  caps: TrtexecCapabilities;
  upload: UploadResult;
}

/**
 * Work folder (absolute, so a job on another node finds the same files), trtexec's capabilities, the upload. The
 * flags are asked through the command shell (no exec channel and login shell of their own) while the SFTP work runs.
 */
export async function prepareSlurmHost(
  conn: SshConnection,
  target: SlurmProfileTarget,
  files: RemoteProfileRequest['files'],
  hooks: RemoteProfileHooks,
  enter: (phase: ProfilePhase) => void,
): Promise<PreparedSlurmHost> {
  const shell = shellOf(conn);
  const trtexec = target.trtexecPath ?? 'trtexec';
  const probing = probeCapabilities(
    conn,
    trtexec,
    (argv) => argv,
    `${conn.label} slurm ${trtexec}`,
    hooks.capabilityCache ?? defaultCapabilityCache,
    async (command) => {
      const r = await conn.guard(shell.run(command), `running ${trtexec} --help`);
      return { code: r.code, text: r.out + r.err };
    },
  );
  const uploading = (async () => {
    const sftp = await conn.sftp();
    const relative = (target.workDir ?? '.modelready').replace(/\/+$/, '');
    await conn.guard(sftpMkdirs(sftp, relative), 'creating the remote work folder');
    const workDir = await conn.guard(
      new Promise<string>((resolve, reject) => sftp.realpath(relative, (err, p) => (err ? reject(err) : resolve(p)))),
      'resolving the remote work folder',
    );
    enter('upload');
    return { workDir, upload: await uploadModel(conn, files, workDir, hooks.onUploadProgress) };
  })();
  const [caps, { workDir, upload }] = await Promise.all([probing, uploading]);
  return { workDir, caps, upload };
}

/** trtexec's argv for one run whose exports go to `paths` (the timing cache and saved engines are shared). */
export function trtexecArgvFor(
  trtexec: string,
  request: RemoteProfileRequest,
  host: PreparedSlurmHost,
  paths: Record<string, string>,
): string[] {
  const { useTimingCache, saveEngine, ...choices } = request.choices;
  delete choices.exportTimes; // a flag of ours, not trtexec's: exportTimesPath says it
  const optionsHash = crypto.createHash('sha256').update(JSON.stringify(choices)).digest('hex').slice(0, 16);
  return buildTrtexecArgs(
    trtexec,
    {
      ...choices,
      onnxPath: `${host.upload.remoteDir}/${request.files[0].remoteName}`,
      exportProfilePath: paths.profile,
      exportLayerInfoPath: paths.layerInfo,
      exportTimesPath: paths.times,
      timingCachePath: useTimingCache ? `${host.workDir}/timing.cache` : undefined,
      saveEnginePath: saveEngine ? `${host.upload.remoteDir}/engine-${optionsHash}.plan` : undefined,
    },
    host.caps,
  );
}

export async function runSlurmProfile(
  target: SlurmProfileTarget,
  request: RemoteProfileRequest,
  hooks: SlurmProfileHooks = {},
): Promise<SlurmProfileResult> {
  const clock = new PhaseClock(hooks.onPhase);
  const { timings } = clock;
  const enter = (next: ProfilePhase) => clock.enter(next);
  const { signal } = hooks;
  if (signal?.aborted) throw new ProfileCancelledError('profiling cancelled');
  hooks.onPhase?.('connect');
  const conn = await (hooks.connections?.borrow(target) ?? SshConnection.connect(target));
  const trtexec = target.trtexecPath ?? 'trtexec';
  let runDir: string | undefined;
  let jobId: string | undefined;
  let finished = false;
  try {
    const sftp = await conn.sftp();
    const { workDir, caps, upload } = await prepareSlurmHost(conn, target, request.files, hooks, enter);
    runDir = `${workDir}/runs/${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}`;
    await conn.guard(sftpMkdirs(sftp, runDir), 'creating the remote run folder');
    const exportTimes = request.choices.exportTimes ?? true;
    const paths = exportPaths(runDir, exportTimes);
    const args = trtexecArgvFor(trtexec, request, { workDir, caps, upload }, paths);
    const nodeArgv = wrapForNode(target.slurm, args, [workDir]);
    const script = `${runDir}/job.sh`;
    const output = `${runDir}/job.out`;
    await conn.guard(
      new Promise<void>((resolve, reject) =>
        sftp.writeFile(script, batchScript([nodeArgv]), { mode: 0o700 }, (err) => (err ? reject(err) : resolve())),
      ),
      'writing the batch script',
    );
    if (signal?.aborted) throw new ProfileCancelledError('profiling cancelled');
    const submitted = await run(conn, sbatchArgs(target.slurm, script, output));
    if (submitted.code !== 0)
      throw new RemoteRunError(`sbatch on ${conn.label} refused the job: ${submitted.err.trim().slice(0, 500)}`);
    jobId = parseSbatchOutput(submitted.out);
    const submittedAt = Date.now();
    hooks.onSubmitted?.(jobId);

    let log = '';
    let offset = 0;
    let runningAt: number | undefined;
    let endedAt: number | undefined;
    const lines = lineSplitter((line) => {
      if (log.length < MAX_LOG_BYTES) log += line + '\n';
      if (isTrtexecEnd(line)) endedAt ??= Date.now();
      if (clock.phase === 'build-engine' && isInferenceStart(line)) enter('inference');
      hooks.onLog?.(line);
    });
    const drain = async () => {
      for (;;) {
        const chunk = await readFrom(conn, output, offset);
        if (chunk.length === 0) return;
        offset += chunk.length;
        lines.push(chunk);
      }
    };
    let status: SlurmJobStatus | undefined;
    let lastState = '';
    let cancelled = false;
    let nextQuery = 0;
    for (;;) {
      if (signal?.aborted && !cancelled) {
        cancelled = true;
        await run(conn, ['scancel', jobId]);
      }
      await drain();
      // The log's last line says trtexec ended: the final state is a moment away, so ask for it now and often.
      const ending = endedAt !== undefined && Date.now() - endedAt < ENDING_WINDOW_MS;
      if (ending || cancelled || Date.now() >= nextQuery) {
        status = await querySlurmJob(conn, jobId);
        nextQuery = Date.now() + pollDelayMs(Date.now() - submittedAt, target.pollMs);
        if (status && `${status.state} ${status.reason ?? ''}` !== lastState) {
          lastState = `${status.state} ${status.reason ?? ''}`;
          hooks.onJob?.(status);
          if (status.state === 'RUNNING' && runningAt === undefined) {
            runningAt = Date.now();
            enter('build-engine');
          }
        }
        if (status && isFinalState(status.state)) break;
      }
      // The output file is cheap to look at (the file system, not the controller): it is tailed more often.
      await sleep(ending ? ENDING_POLL_MS : Math.min(TAIL_MS, Math.max(0, nextQuery - Date.now())));
    }
    finished = true;
    await drain();
    lines.end();
    timings.trtexec = runningAt ? Date.now() - runningAt : 0;
    if (cancelled) throw new ProfileCancelledError(`profiling cancelled; Slurm job ${jobId} was cancelled`);
    if (status.state !== 'COMPLETED') throw new RemoteRunError(describeFailure(status));
    checkTrtexecExit({ code: status.exitCode ?? null }, log);

    enter('collect-results');
    const exports = await Promise.all(
      Object.entries(paths).map(async ([name, p]) => ({
        name,
        path: p,
        text: (await sftpReadFile(conn, p, MAX_EXPORT_BYTES)).toString('utf8'),
      })),
    );
    const { run: imported, latencySamplesMs } = importCollected(log, exports, request.onnxNodeNames);
    clock.finish();
    return {
      run: imported,
      latencySamplesMs,
      trtexecArgs: nodeArgv,
      tensorrtVersion: imported.summary.tensorrtVersion ?? caps.version,
      bytesUploaded: upload.bytesUploaded,
      uploadSkipped: upload.skipped,
      remoteModelDir: upload.remoteDir,
      timingsMs: timings,
      slurm: {
        jobId,
        node: status.node,
        queueWaitS:
          secondsBetween(status.submitTime, status.startTime) ??
          (runningAt ? (runningAt - submittedAt) / 1000 : undefined),
        state: status.state,
      },
    };
  } finally {
    if (!conn.isLost) {
      // A job left behind by an error here must not keep a GPU; a finished one needs no cancel.
      if (jobId && !finished) await run(conn, ['scancel', jobId]).catch(() => undefined);
      if (runDir) await removeDir(conn, runDir);
    }
    if (hooks.connections) hooks.connections.giveBack(target, conn);
    else conn.close();
  }
}
