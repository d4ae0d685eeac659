// Profiling with trtexec on a configured host (SSH, container image, Slurm batch job or this machine): `start` checks the request
// and answers at once with a run id; progress and log lines stream as notifications (log lines batched), and
// exactly one result notification ends each run. `cancel` aborts a run in flight.
import crypto from 'node:crypto';
import { profilesFor } from '../../config/config';
import {
  ProfileProgressNotification,
  ProfileResultNotification,
  type ProfileCancelParams,
  type ProfileCancelResult,
  type ProfileFailureKind,
  type ProfileProgressParams,
  type ProfileResultParams,
  type ProfileStartParams,
  type ProfilePhase,
  type ProfileStartResult,
} from '../../contract/profiling';
import { ContainerImageError } from '../../config/container-image';
import { checkHostConfig, HostConfigError } from '../../config/hosts';
import { profileRequestFor } from '../../profiling/profile-request';
import type { RemoteProfileRequest } from '../../profiling/remote-run';
import { checkProfileChoices, runProfileOn } from '../../profiling/run-targets';
import { ShellQuoteError } from '../../profiling/shell-quote';
import { SlurmOptionError } from '../../profiling/slurm-script';
import { ConnectionLostError, HostKeyError, SshError } from '../../profiling/ssh-connection';
import { TrtexecCommandError } from '../../profiling/trtexec-command';
import { ProfileCancelledError, RemoteRunError } from '../../profiling/trtexec-run';
import { configFor, hostKeyId, refusal, type ProfilingSession } from './session';

/** Log lines are batched into one progress notification per this interval. */
const LOG_FLUSH_MS = 100;

function failureKind(error: unknown): ProfileFailureKind {
  if (error instanceof HostKeyError)
    return error.verdict.status === 'unknown'
      ? 'host-key-unknown'
      : error.verdict.status === 'revoked'
        ? 'host-key-revoked'
        : 'host-key-changed';
  if (error instanceof ProfileCancelledError) return 'cancelled';
  if (error instanceof ConnectionLostError) return 'connection-lost';
  if (error instanceof SshError && /authentication|identity file|agent/.test(error.message)) return 'auth';
  if (error instanceof RemoteRunError) return 'trtexec-failed';
  if (
    error instanceof TrtexecCommandError ||
    error instanceof ShellQuoteError ||
    error instanceof ContainerImageError ||
    error instanceof SlurmOptionError ||
    error instanceof HostConfigError
  )
    return 'bad-options';
  return 'other';
}

export function startProfile(session: ProfilingSession, params: ProfileStartParams): ProfileStartResult {
  try {
    session.deps.checkExecution('Profiling with trtexec');
    const file = session.modelFile(params.modelUri);
    const host = checkHostConfig(params.host);
    const choices = { ...checkProfileChoices(params.choices) };
    // Dynamic inputs need a shape range: take the model's first profile from .modelready.json when none is given.
    if (!choices.shapes) {
      const config = configFor(file);
      const profile = config && profilesFor(config, file)?.[0];
      if (profile) choices.shapes = profile;
    }
    const request = profileRequestFor(file, choices);
    const runId = crypto.randomUUID();
    const controller = new AbortController();
    session.running.set(runId, controller);
    runInBackground(session, runId, file, { ...params, host }, request, controller.signal);
    return { ok: true, runId };
  } catch (error) {
    return refusal(error);
  }
}

export function cancelProfile(session: ProfilingSession, params: ProfileCancelParams): ProfileCancelResult {
  const controller = session.running.get(params.runId);
  controller?.abort();
  return { cancelled: controller !== undefined };
}

function runInBackground(
  session: ProfilingSession,
  runId: string,
  file: string,
  params: ProfileStartParams,
  request: RemoteProfileRequest,
  signal: AbortSignal,
): void {
  const { connection, log } = session.deps;
  const host = params.host;
  let pendingLines: string[] = [];
  let phase: ProfilePhase = 'connect';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const logLines = pendingLines;
    pendingLines = [];
    if (logLines.length)
      void connection.sendNotification(ProfileProgressNotification, {
        runId,
        phase,
        logLines,
      } satisfies ProfileProgressParams);
  };
  let lastUploadNote = 0;
  runProfileOn(host, request, {
    signal,
    connections: session.connections,
    onPhase: (next) => {
      flush();
      phase = next;
      void connection.sendNotification(ProfileProgressNotification, { runId, phase } satisfies ProfileProgressParams);
    },
    onLog: (line) => {
      pendingLines.push(line);
      timer ??= setTimeout(flush, LOG_FLUSH_MS);
    },
    onUploadProgress: (sent, total) => {
      if (Date.now() - lastUploadNote < LOG_FLUSH_MS && sent < total) return;
      lastUploadNote = Date.now();
      void connection.sendNotification(ProfileProgressNotification, {
        runId,
        phase: 'upload',
        uploadedBytes: sent,
        totalBytes: total,
      } satisfies ProfileProgressParams);
    },
  })
    .then((result): ProfileResultParams => {
      const label = [
        host.name,
        params.choices.precision ?? 'fp32',
        result.tensorrtVersion && `TensorRT ${result.tensorrtVersion}`,
      ]
        .filter(Boolean)
        .join(' · ');
      const stored = session.store.save(file, label, result.run, new Date(), {
        engine: 'trtexec',
        latencySamplesMs: result.latencySamplesMs,
      });
      flush();
      const { run, trtexecArgs, tensorrtVersion, bytesUploaded, timingsMs } = result;
      const slurm = result.slurm && {
        jobId: result.slurm.jobId,
        node: result.slurm.node,
        queueWaitS: result.slurm.queueWaitS,
      };
      return {
        runId,
        ok: true,
        storedRunId: stored.id,
        run,
        trtexecArgs,
        tensorrtVersion,
        bytesUploaded,
        timingsMs,
        ...(slurm && { slurm }),
      };
    })
    .catch((error: unknown): ProfileResultParams => {
      flush();
      const failure: ProfileResultParams = {
        runId,
        ok: false,
        kind: failureKind(error),
        message: error instanceof Error ? error.message : String(error),
      };
      if (error instanceof HostKeyError) {
        failure.fingerprint = error.verdict.fingerprint;
        failure.hostKey = error.key.toString('base64');
        if (error.verdict.status === 'unknown')
          session.offeredKeys.add(hostKeyId(error.host, error.port, failure.hostKey));
      }
      log(`profile run ${runId} on ${host.name} failed (${failure.kind}): ${failure.message}`);
      return failure;
    })
    .then((result) => {
      session.running.delete(runId);
      void connection.sendNotification(ProfileResultNotification, result);
    });
}
