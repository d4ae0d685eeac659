// The local target: trtexec on this machine (or in a container image through the local docker), spawned with an argv
// array (no shell), in its own process group so cancel stops it and everything it started. The model is read in
// place (nothing to upload); the exports go to a fresh run folder that is removed afterwards, whatever happened.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProfilePhase } from '../contract/profiling';
import { containerArgs } from './container-command';
import type { RemoteProfileHooks, RemoteProfileRequest, RemoteProfileResult } from './remote-run';
import { buildTrtexecArgs, parseTrtexecHelp, type TrtexecCapabilities } from './trtexec-command';
import {
  checkTrtexecExit,
  exportPaths,
  importCollected,
  isInferenceStart,
  lineSplitter,
  MAX_EXPORT_BYTES,
  MAX_LOG_BYTES,
  ProfileCancelledError,
  RemoteRunError,
} from './trtexec-run';

export interface LocalTarget {
  /** trtexec on this machine (default "trtexec" through PATH), or inside `containerImage`. */
  trtexecPath?: string;
  /** Folder for run folders and the timing cache; default <tmp>/modelready. */
  workDir?: string;
  containerImage?: string;
}

const localCapabilityCache = new Map<string, TrtexecCapabilities>();

interface Exit {
  code: number | null;
  signal: string | null;
}

/** Runs argv in a new process group; stdout/stderr go to `onData`. `signal` kills the whole group (TERM, then KILL). */
function runGrouped(
  argv: string[],
  onData: (stream: 'out' | 'err', chunk: Buffer) => void,
  signal?: AbortSignal,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (child.pid === undefined) return;
      const killGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          // The group is gone already.
        }
      };
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), 2000);
    };
    signal?.addEventListener('abort', stop);
    child.stdout!.on('data', (d: Buffer) => onData('out', d));
    child.stderr!.on('data', (d: Buffer) => onData('err', d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', stop);
      reject(
        e.code === 'ENOENT'
          ? new RemoteRunError(`${argv[0]} not found on this machine; set the host's trtexec path`)
          : new RemoteRunError(`cannot start ${argv[0]}: ${e.message}`),
      );
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      // Whatever the leader left behind in its group goes too.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Nothing left.
        }
      }
      resolve({ code, signal: sig });
    });
  });
}

export async function runLocalProfile(
  target: LocalTarget,
  request: RemoteProfileRequest,
  hooks: RemoteProfileHooks = {},
): Promise<RemoteProfileResult> {
  const started = Date.now();
  const timings = {
    connect: 0,
    upload: 0,
    'build-engine': 0,
    inference: 0,
    'collect-results': 0,
    trtexec: 0,
    total: 0,
  };
  const { signal } = hooks;
  if (signal?.aborted) throw new ProfileCancelledError('profiling cancelled');
  const trtexec = target.trtexecPath ?? 'trtexec';
  const workDir = path.resolve(target.workDir ?? path.join(os.tmpdir(), 'modelready'));
  const modelPath = path.resolve(request.files[0].localPath);
  fs.mkdirSync(path.join(workDir, 'runs'), { recursive: true });
  const runDir = path.join(
    workDir,
    'runs',
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}`,
  );
  const wrap = (argv: string[]) =>
    target.containerImage
      ? containerArgs(
          {
            image: target.containerImage,
            mounts: [path.dirname(modelPath), workDir],
            user: `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`,
          },
          argv,
        )
      : argv;

  let phase: ProfilePhase = 'build-engine';
  let phaseStart = Date.now();
  const enter = (next: ProfilePhase) => {
    timings[phase] += Date.now() - phaseStart;
    phase = next;
    phaseStart = Date.now();
    hooks.onPhase?.(next);
  };
  hooks.onPhase?.('build-engine');
  fs.mkdirSync(runDir);
  try {
    const cache = hooks.capabilityCache ?? localCapabilityCache;
    const cacheKey = `local ${target.containerImage ?? ''} ${trtexec}`;
    let caps = cache.get(cacheKey);
    if (!caps) {
      let help = '';
      await runGrouped(
        wrap([trtexec, '--help']),
        (_s, d) => {
          if (help.length < 1024 * 1024) help += d.toString('utf8');
        },
        signal,
      );
      caps = parseTrtexecHelp(help);
      if (!caps.version && caps.flags.size === 0)
        throw new RemoteRunError(`${trtexec} --help printed no trtexec banner or options`);
      cache.set(cacheKey, caps);
    }
    const { useTimingCache, saveEngine, exportTimes = true, ...choices } = request.choices;
    const paths = exportPaths(runDir, exportTimes);
    const optionsHash = crypto.createHash('sha256').update(JSON.stringify(choices)).digest('hex').slice(0, 16);
    const args = wrap(
      buildTrtexecArgs(
        trtexec,
        {
          ...choices,
          onnxPath: modelPath,
          exportProfilePath: paths.profile,
          exportLayerInfoPath: paths.layerInfo,
          exportTimesPath: paths.times,
          timingCachePath: useTimingCache ? path.join(workDir, 'timing.cache') : undefined,
          saveEnginePath: saveEngine ? path.join(workDir, `engine-${optionsHash}.plan`) : undefined,
        },
        caps,
      ),
    );

    let log = '';
    const onLine = (line: string) => {
      if (log.length < MAX_LOG_BYTES) log += line + '\n';
      if (phase === 'build-engine' && isInferenceStart(line)) enter('inference');
      hooks.onLog?.(line);
    };
    const out = lineSplitter(onLine);
    const err = lineSplitter(onLine);
    const trtexecStart = Date.now();
    const exit = await runGrouped(args, (stream, d) => (stream === 'out' ? out : err).push(d), signal);
    out.end();
    err.end();
    timings.trtexec = Date.now() - trtexecStart;
    if (signal?.aborted) throw new ProfileCancelledError('profiling cancelled; trtexec was stopped');
    checkTrtexecExit(exit, log);

    enter('collect-results');
    const exports = Object.entries(paths).map(([name, p]) => {
      const size = fs.statSync(p, { throwIfNoEntry: false })?.size;
      if (size === undefined) throw new RemoteRunError(`trtexec wrote no ${name} export (${p})`);
      if (size > MAX_EXPORT_BYTES) throw new RemoteRunError(`${p} is ${size} bytes; the limit is ${MAX_EXPORT_BYTES}`);
      return { name, path: p, text: fs.readFileSync(p, 'utf8') };
    });
    const { run, latencySamplesMs } = importCollected(log, exports, request.onnxNodeNames);
    timings[phase] += Date.now() - phaseStart;
    timings.total = Date.now() - started;
    return {
      run,
      latencySamplesMs,
      trtexecArgs: args,
      tensorrtVersion: run.summary.tensorrtVersion ?? caps.version,
      bytesUploaded: 0,
      uploadSkipped: true,
      remoteModelDir: path.dirname(modelPath),
      timingsMs: timings,
    };
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}
