// The one-click flow: connect -> upload (skipped when unchanged) -> trtexec builds the engine -> inference ->
// collect the exports -> parse and map. Phases and log lines are reported through callbacks; a cancel kills the
// remote process group; a dropped connection or a failed trtexec is an error, never a partial result.
import crypto from 'node:crypto';
import { checkPinnedImage } from '../config/container-image';
import { containerArgs, type ContainerRun } from './container-command';
import type { ProfileChoices, ProfilePhase } from '../contract/profiling';
import type { ImportedRun } from '../contract/trtexec-results';
import { sftpMkdirs, sftpReadFile, uploadModel, type UploadFile } from './model-upload';
import { quoteShellCommand } from './shell-quote';
import { SshConnection, type SshTarget } from './ssh-connection';
import { buildTrtexecArgs, parseTrtexecHelp, type TrtexecCapabilities } from './trtexec-command';
import {
  checkTrtexecExit,
  exportPaths,
  importCollected,
  isInferenceStart,
  PhaseClock,
  type RunTimings,
  lineSplitter,
  MAX_EXPORT_BYTES,
  MAX_LOG_BYTES,
  ProfileCancelledError,
  RemoteRunError,
} from './trtexec-run';

export { ProfileCancelledError, RemoteRunError };

export interface ProfileTarget extends SshTarget {
  /** trtexec on the host; default "trtexec" (found through the remote PATH). */
  trtexecPath?: string;
  /** Remote folder for models, runs and the timing cache, relative to the home folder or absolute. */
  workDir?: string;
  /** Run trtexec in this image (`docker run --rm --gpus all`), pinned by tag or digest; `trtexecPath` is then inside it. */
  containerImage?: string;
}

export interface RemoteProfileRequest {
  /** The model first, then its external-data files. */
  files: UploadFile[];
  choices: ProfileChoices;
  /** ONNX node names in graph order, for exact layer mapping. */
  onnxNodeNames?: string[];
}

export interface RemoteProfileHooks {
  onPhase?: (phase: ProfilePhase) => void;
  onLog?: (line: string) => void;
  onUploadProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
  /** Per-host cache of `trtexec --help` results; defaults to one shared by the process. */
  capabilityCache?: Map<string, TrtexecCapabilities>;
}

export interface RemoteProfileResult {
  run: ImportedRun;
  /** Per-inference latencies from --exportTimes (thinned), for the latency histogram. */
  latencySamplesMs?: number[];
  trtexecArgs: string[];
  tensorrtVersion?: string;
  bytesUploaded: number;
  uploadSkipped: boolean;
  remoteModelDir: string;
  /** Wall time of each phase and of the trtexec process itself, for the overhead figure. */
  timingsMs: RunTimings;
}

export const defaultCapabilityCache = new Map<string, TrtexecCapabilities>();
const PGID_MARKER = '__MODELREADY_PGID__';
/**
 * Runs the command as leader of a new process group and reports the group id first, so cancel can kill it all.
 * A watcher reads the channel's stdin: sshd closes it when the connection drops (no pty means no SIGHUP), and the
 * watcher then stops the group, so a lost client never leaves trtexec holding the GPU.
 */
const GROUP_WRAPPER = `echo ${PGID_MARKER} $$ >&2; exec 3<&0; (cat >/dev/null; kill -TERM -$$) <&3 >/dev/null 2>&1 & exec "$@" <&- 3<&-`;

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ProfileCancelledError('profiling cancelled');
}

/** Runs a quoted command line on the host; its exit status and its output (stdout and stderr, bounded). */
export type HelpRunner = (command: string) => Promise<{ code: number | null; text: string }>;

/** An SSH exec channel of its own (the login shell starts for it). */
const execRunner =
  (conn: SshConnection): HelpRunner =>
  async (command) => {
    let text = '';
    const collect = (d: Buffer) => {
      if (text.length < 1024 * 1024) text += d.toString('utf8');
    };
    const { code } = await conn.exec(command, { onStdout: collect, onStderr: collect });
    return { code, text };
  };

/** `wrap` turns a trtexec argv into what actually runs (itself, or inside `docker run`). */
export async function probeCapabilities(
  conn: SshConnection,
  trtexec: string,
  wrap: (argv: string[]) => string[],
  cacheKey: string,
  cache: Map<string, TrtexecCapabilities>,
  runHelp: HelpRunner = execRunner(conn),
): Promise<TrtexecCapabilities> {
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const { code, text } = await runHelp(quoteShellCommand(wrap([trtexec, '--help'])));
  if (code === 127)
    throw new RemoteRunError(
      `${wrap([trtexec])[0]} not found on ${conn.label} (tried ${JSON.stringify(trtexec)}); set the host's trtexec path`,
    );
  const caps = parseTrtexecHelp(text);
  if (!caps.version && caps.flags.size === 0) {
    const said = text.trim().split('\n')[0]?.slice(0, 300);
    throw new RemoteRunError(
      `${wrap([trtexec, '--help']).join(' ')} on ${conn.label} printed no trtexec banner or options (exit ${code}${said ? `: ${said}` : ''})`,
    );
  }
  cache.set(cacheKey, caps);
  return caps;
}

/** "uid:gid" of the SSH user, for `docker run --user`. */
async function remoteUser(conn: SshConnection): Promise<string> {
  let out = '';
  const result = await conn.exec(quoteShellCommand(['id', '-u']), { onStdout: (d) => (out += d) });
  let group = '';
  await conn.exec(quoteShellCommand(['id', '-g']), { onStdout: (d) => (group += d) });
  const user = `${out.trim()}:${group.trim()}`;
  if (result.code !== 0 || !/^\d+:\d+$/.test(user))
    throw new RemoteRunError(`cannot tell the user id on ${conn.label} (id printed ${JSON.stringify(user)})`);
  return user;
}

async function killProcessGroup(conn: SshConnection, pgid: number): Promise<void> {
  // TERM first so trtexec can release the GPU; KILL whatever is left after two seconds.
  // "kill -SIG -PGID" (no "--"): the form dash's builtin kill accepts too.
  const script = `kill -TERM -${pgid} 2>/dev/null; i=0; while kill -0 -${pgid} 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL -${pgid} 2>/dev/null; true`;
  await conn.exec(quoteShellCommand(['sh', '-c', script]));
}

/** Deletes the run folder over SFTP (no extra shell); falls back to `rm -rf` when trtexec left more in it. */
async function removeRunDir(conn: SshConnection, runDir: string): Promise<void> {
  try {
    const sftp = await conn.sftp();
    const call = (fn: (cb: (err?: Error | null) => void) => void) =>
      new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
    const names = await new Promise<string[]>((resolve, reject) =>
      sftp.readdir(runDir, (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))),
    );
    await Promise.all(names.map((name) => call((cb) => sftp.unlink(`${runDir}/${name}`, cb))));
    await call((cb) => sftp.rmdir(runDir, cb));
  } catch {
    await conn.exec(quoteShellCommand(['rm', '-rf', '--', runDir])).catch(() => undefined);
  }
}

export async function runRemoteProfile(
  target: ProfileTarget,
  request: RemoteProfileRequest,
  hooks: RemoteProfileHooks = {},
): Promise<RemoteProfileResult> {
  const clock = new PhaseClock(hooks.onPhase);
  const { timings } = clock;
  const enter = (next: ProfilePhase) => clock.enter(next);
  const { signal } = hooks;
  throwIfCancelled(signal);
  hooks.onPhase?.('connect');
  const conn = await SshConnection.connect(target);
  // Outside the trtexec run (which kills its process group itself), cancel simply drops the connection.
  const abortConnection = () => conn.abort(new ProfileCancelledError('profiling cancelled'));
  signal?.addEventListener('abort', abortConnection);
  let workDir = (target.workDir ?? '.modelready').replace(/\/+$/, '');
  const trtexec = target.trtexecPath ?? 'trtexec';
  let runDir: string | undefined;
  try {
    let wrap = (argv: string[]) => argv;
    if (target.containerImage) {
      checkPinnedImage(target.containerImage);
      // The container sees the work folder at the same absolute path, and writes into it as the SSH user.
      const sftp = await conn.sftp();
      await conn.guard(sftpMkdirs(sftp, workDir), 'creating the remote work folder');
      workDir = await conn.guard(
        new Promise<string>((resolve, reject) => sftp.realpath(workDir, (err, p) => (err ? reject(err) : resolve(p)))),
        'resolving the remote work folder',
      );
      const container: ContainerRun = { image: target.containerImage, mounts: [workDir], user: await remoteUser(conn) };
      wrap = (argv) => containerArgs(container, argv);
    }
    const caps = await probeCapabilities(
      conn,
      trtexec,
      wrap,
      `${conn.label} ${target.containerImage ?? ''} ${trtexec}`,
      hooks.capabilityCache ?? defaultCapabilityCache,
    );
    throwIfCancelled(signal);

    enter('upload');
    const upload = await uploadModel(conn, request.files, workDir, hooks.onUploadProgress);
    throwIfCancelled(signal);

    runDir = `${workDir}/runs/${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}`;
    await conn.guard(sftpMkdirs(await conn.sftp(), runDir), 'creating the remote run folder');
    const { useTimingCache, saveEngine, exportTimes = true, ...choices } = request.choices;
    const paths = exportPaths(runDir, exportTimes);
    const optionsHash = crypto.createHash('sha256').update(JSON.stringify(choices)).digest('hex').slice(0, 16);
    const args = buildTrtexecArgs(
      trtexec,
      {
        ...choices,
        onnxPath: `${upload.remoteDir}/${request.files[0].remoteName}`,
        exportProfilePath: paths.profile,
        exportLayerInfoPath: paths.layerInfo,
        exportTimesPath: paths.times,
        timingCachePath: useTimingCache ? `${workDir}/timing.cache` : undefined,
        saveEnginePath: saveEngine ? `${upload.remoteDir}/engine-${optionsHash}.plan` : undefined,
      },
      caps,
    );

    enter('build-engine');
    let log = '';
    let pgid: number | undefined;
    const stdout = lineSplitter((line) => {
      if (log.length < MAX_LOG_BYTES) log += line + '\n';
      if (clock.phase === 'build-engine' && isInferenceStart(line)) enter('inference');
      hooks.onLog?.(line);
    });
    const stderr = lineSplitter((line) => {
      const marker = new RegExp(`^${PGID_MARKER} (\\d+)$`).exec(line);
      if (marker && pgid === undefined) pgid = Number(marker[1]);
      else {
        if (log.length < MAX_LOG_BYTES) log += line + '\n';
        hooks.onLog?.(line);
      }
    });
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      if (pgid !== undefined) killProcessGroup(conn, pgid).catch(() => undefined);
    };
    signal?.removeEventListener('abort', abortConnection);
    signal?.addEventListener('abort', onAbort);
    const trtexecStart = Date.now();
    let exit;
    try {
      exit = await conn.exec(
        quoteShellCommand(['setsid', '-w', 'sh', '-c', GROUP_WRAPPER, 'modelready-trtexec', ...wrap(args)]),
        {
          onStdout: (d) => stdout.push(d),
          onStderr: (d) => {
            stderr.push(d);
            // The group id may arrive after the cancel request.
            if (cancelled && pgid !== undefined) onAbort();
          },
        },
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', abortConnection);
    }
    stdout.end();
    stderr.end();
    timings.trtexec = Date.now() - trtexecStart;
    if (cancelled || signal?.aborted)
      throw new ProfileCancelledError('profiling cancelled; the remote trtexec was stopped');
    checkTrtexecExit(exit, log);

    enter('collect-results');
    const exports = [];
    for (const [name, p] of Object.entries(paths)) {
      exports.push({ name, path: p, text: (await sftpReadFile(conn, p, MAX_EXPORT_BYTES)).toString('utf8') });
    }
    const { run, latencySamplesMs } = importCollected(log, exports, request.onnxNodeNames);
    clock.finish();
    return {
      run,
      latencySamplesMs,
      trtexecArgs: wrap(args),
      tensorrtVersion: run.summary.tensorrtVersion ?? caps.version,
      bytesUploaded: upload.bytesUploaded,
      uploadSkipped: upload.skipped,
      remoteModelDir: upload.remoteDir,
      timingsMs: timings,
    };
  } finally {
    signal?.removeEventListener('abort', abortConnection);
    // Remote temp files go whatever happened, as long as the connection still stands.
    if (runDir && !conn.isLost) await removeRunDir(conn, runDir);
    conn.close();
  }
}
