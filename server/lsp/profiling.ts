// The language server's profiling requests: trtexec runs on a configured host (SSH, container image or this machine)
// with progress and log lines streamed as notifications and exactly one result per run; the run store (list, get,
// compare); accepting an unknown host key; "Run with ONNX Runtime (local)" whose failures become `ort/run-failed`
// diagnostics. Remote runs, host-key changes and model execution go through the server's execution gate (closed in an
// untrusted workspace).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../findings';
import { findConfigFile, loadConfigFile, profilesFor, type ModelReadyConfig } from '../config/config';
import { resolveExternalData } from '../onnx/external-data';
import { readOnnxModel } from '../onnx/reader';
import type {
  OrtRunLocalParams,
  OrtRunLocalResult,
  ProfileAcceptHostKeyParams,
  ProfileAcceptHostKeyResult,
  ProfileCancelParams,
  ProfileFailureKind,
  ProfileHostsParams,
  ProfileHostsResult,
  ProfileProgressParams,
  ProfileResultParams,
  ProfileStartParams,
  ProfileStartResult,
  ProfilingInitOptions,
  RunsCompareParams,
  RunsCompareResult,
  RunsGetParams,
  RunsGetResult,
  RunsListParams,
  RunsListResult,
} from '../contract/profiling';
import {
  OrtRunLocalRequest,
  ProfileAcceptHostKeyRequest,
  ProfileCancelRequest,
  ProfileHostsRequest,
  ProfileProgressNotification,
  ProfileResultNotification,
  ProfileStartRequest,
  RunsCompareRequest,
  RunsGetRequest,
  RunsListRequest,
} from '../contract/profiling';
import { ContainerImageError } from '../config/container-image';
import { checkHostConfig, HostConfigError, readHostsConfig } from '../config/hosts';
import { acceptHostKey } from '../profiling/known-hosts';
import { runOrtLocal, storeOrtRun } from '../profiling/ort-local';
import { OnnxRuntimeMissingError } from '../profiling/ort-runtime';
import { checkProfileChoices, runProfileOn } from '../profiling/run-targets';
import type { ProfilePhase } from '../contract/profiling';
import type { RemoteProfileRequest } from '../profiling/remote-run';
import { compareRuns, runInfo, runOverlay, RunStore } from '../profiling/run-store';
import { ShellQuoteError } from '../profiling/shell-quote';
import { readSshConfigSuggestions, suggestionToHost } from '../profiling/ssh-config';
import { ConnectionLostError, HostKeyError, SshError } from '../profiling/ssh-connection';
import { TrtexecCommandError } from '../profiling/trtexec-command';
import { ProfileCancelledError, RemoteRunError } from '../profiling/trtexec-run';
import { isModelFile } from '../workspace-files';

/** Log lines are batched into one progress notification per this interval. */
const LOG_FLUSH_MS = 100;

export interface ProfilingDeps {
  connection: Connection;
  toPath: (uri: string) => string | undefined;
  /** The execution gate: throws, naming what was refused, in an untrusted workspace. */
  checkExecution: (what: string) => void;
  /** Replaces the runtime (ORT) findings of a file; they are published together with the analysis findings. */
  setRuntimeFindings: (file: string, findings: Finding[]) => void;
  log: (message: string) => void;
}

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
    error instanceof HostConfigError
  )
    return 'bad-options';
  return 'other';
}

function configFor(file: string): ModelReadyConfig | undefined {
  const found = findConfigFile(path.dirname(file));
  return found ? loadConfigFile(found) : undefined;
}

export function registerProfiling({ connection, toPath, checkExecution, setRuntimeFindings, log }: ProfilingDeps): {
  configure: (init: unknown) => void;
  dispose: () => void;
} {
  let store = new RunStore(path.join(os.homedir(), '.cache', 'modelready'));
  const running = new Map<string, AbortController>();
  /** Host keys the server itself was shown as unknown: only these can be accepted (never a changed one). */
  const offeredKeys = new Set<string>();

  const modelFile = (uri: string): string => {
    const file = toPath(uri);
    if (!file || !isModelFile(file)) throw new HostConfigError(`${uri} is not an .onnx file`);
    return file;
  };
  const refusal = (error: unknown) => ({
    ok: false as const,
    message: error instanceof Error ? error.message : String(error),
  });

  function startRun(
    runId: string,
    file: string,
    params: ProfileStartParams,
    request: RemoteProfileRequest,
    signal: AbortSignal,
  ): void {
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
      .then((result) => {
        const label = [
          host.name,
          params.choices.precision ?? 'fp32',
          result.tensorrtVersion && `TensorRT ${result.tensorrtVersion}`,
        ]
          .filter(Boolean)
          .join(' · ');
        const stored = store.save(file, label, result.run, new Date(), {
          engine: 'trtexec',
          latencySamplesMs: result.latencySamplesMs,
        });
        flush();
        const { run, trtexecArgs, tensorrtVersion, bytesUploaded, timingsMs } = result;
        return {
          runId,
          ok: true,
          storedRunId: stored.id,
          run,
          trtexecArgs,
          tensorrtVersion,
          bytesUploaded,
          timingsMs,
        } satisfies ProfileResultParams;
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
          if (error.verdict.status === 'unknown') offeredKeys.add(`${error.host}:${error.port} ${failure.hostKey}`);
        }
        log(`profile run ${runId} on ${host.name} failed (${failure.kind}): ${failure.message}`);
        return failure;
      })
      .then((result) => {
        running.delete(runId);
        void connection.sendNotification(ProfileResultNotification, result);
      });
  }

  connection.onRequest(ProfileStartRequest, (params: ProfileStartParams): ProfileStartResult => {
    try {
      checkExecution('Profiling with trtexec');
      const file = modelFile(params.modelUri);
      const host = checkHostConfig(params.host);
      const model = readOnnxModel(file);
      const external = resolveExternalData(model);
      const missing = external.filter((e) => e.problem);
      if (missing.length)
        throw new HostConfigError(
          `${file}: external data ${missing.map((e) => `${e.location} (${e.problem})`).join(', ')} cannot be uploaded`,
        );
      const choices = { ...checkProfileChoices(params.choices) };
      // Dynamic inputs need a shape range: take the model's first profile from .modelready.json when none is given.
      if (!choices.shapes) {
        const config = configFor(file);
        const profile = config && profilesFor(config, file)?.[0];
        if (profile) choices.shapes = profile;
      }
      const request: RemoteProfileRequest = {
        files: [
          { localPath: file, remoteName: path.basename(file) },
          ...external.map((e) => ({ localPath: path.join(path.dirname(file), e.location), remoteName: e.location })),
        ],
        choices,
        onnxNodeNames: (model.graph?.nodes ?? []).map((n) => n.name),
      };
      const runId = crypto.randomUUID();
      const controller = new AbortController();
      running.set(runId, controller);
      startRun(runId, file, { ...params, host }, request, controller.signal);
      return { ok: true, runId };
    } catch (error) {
      return refusal(error);
    }
  });

  connection.onRequest(ProfileCancelRequest, (params: ProfileCancelParams) => {
    const controller = running.get(params.runId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  });

  connection.onRequest(
    ProfileAcceptHostKeyRequest,
    async (params: ProfileAcceptHostKeyParams): Promise<ProfileAcceptHostKeyResult> => {
      try {
        checkExecution('Accepting a host key');
      } catch (error) {
        return refusal(error);
      }
      if (!offeredKeys.has(`${params.host}:${params.port} ${params.hostKey}`))
        return {
          ok: false,
          message: `no unknown host key from ${params.host}:${params.port} was shown for acceptance`,
        };
      const file = params.knownHostsFile ?? path.join(os.homedir(), '.ssh', 'known_hosts');
      try {
        await acceptHostKey(file, params.host, params.port, Buffer.from(params.hostKey, 'base64'));
        offeredKeys.delete(`${params.host}:${params.port} ${params.hostKey}`);
        return { ok: true };
      } catch (error) {
        return refusal(error);
      }
    },
  );

  connection.onRequest(ProfileHostsRequest, (params: ProfileHostsParams): ProfileHostsResult => {
    const file = toPath(params.uri);
    const configured: ProfileHostsResult['configured'] = [];
    const problems: string[] = [];
    const add = (raw: unknown, source: string, where: string) => {
      // Entries with a problem are left out; the others stay usable.
      const read = readHostsConfig(raw, where);
      configured.push(...read.hosts);
      problems.push(...read.problems.map((p) => `${source}: ${p}`));
    };
    const found = file ? findConfigFile(path.dirname(file)) : undefined;
    if (found) {
      try {
        add((JSON.parse(fs.readFileSync(found, 'utf8')) as { hosts?: unknown }).hosts, found, 'hosts');
      } catch (error) {
        problems.push(`${found}: cannot read the hosts (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    add(params.settingsHosts, 'settings', 'modelready.hosts');
    const names = new Set(configured.map((h) => h.name));
    const sshConfigSuggestions = readSshConfigSuggestions()
      .filter((s) => !names.has(s.name))
      .map(suggestionToHost);
    return { configured, sshConfigSuggestions, problems };
  });

  connection.onRequest(RunsListRequest, (params: RunsListParams): RunsListResult => {
    const file = toPath(params.modelUri);
    return { runs: file ? store.list(file).map(runInfo) : [] };
  });

  connection.onRequest(RunsGetRequest, (params: RunsGetParams): RunsGetResult => {
    const file = toPath(params.modelUri);
    const stored = file && store.load(file, params.runId);
    return stored
      ? { ok: true, run: stored, overlay: runOverlay(stored) }
      : { ok: false, message: `no stored run ${params.runId} for ${params.modelUri}` };
  });

  connection.onRequest(RunsCompareRequest, (params: RunsCompareParams): RunsCompareResult => {
    const file = toPath(params.modelUri);
    const base = file && store.load(file, params.baseId);
    const other = file && store.load(file, params.otherId);
    if (!base || !other)
      return { ok: false, message: `no stored run ${!base ? params.baseId : params.otherId} for ${params.modelUri}` };
    return { ok: true, base, other, comparison: compareRuns(base, other) };
  });

  connection.onRequest(OrtRunLocalRequest, async (params: OrtRunLocalParams): Promise<OrtRunLocalResult> => {
    let file: string;
    try {
      checkExecution('Running the model with ONNX Runtime');
      file = modelFile(params.modelUri);
    } catch (error) {
      return refusal(error);
    }
    try {
      let profile = params.profile;
      if (!profile) {
        const config = configFor(file);
        profile = config ? profilesFor(config, file)?.[0] : undefined;
      }
      const result = await runOrtLocal(file, profile ?? {}, { iterations: params.iterations });
      setRuntimeFindings(file, result.findings);
      const stored = storeOrtRun(store, file, result);
      return { ok: true, result, overlay: runOverlay(stored), storedRunId: stored.id };
    } catch (error) {
      // ONNX Runtime itself missing says nothing about the model.
      if (error instanceof OnnxRuntimeMissingError) return { ...refusal(error), installCommand: error.installCommand };
      // The model does not even load: that is a finding about the file too.
      const message = `ONNX Runtime cannot load the model: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      setRuntimeFindings(file, [{ ruleId: 'ort/run-failed', severity: 'error', message, file }]);
      return { ok: false, message: `${file}: ${message}` };
    }
  });

  return {
    configure(init: unknown) {
      const options = ((init as { profiling?: ProfilingInitOptions } | undefined)?.profiling ??
        {}) as ProfilingInitOptions;
      if (typeof options.storageDir === 'string' && path.isAbsolute(options.storageDir))
        store = new RunStore(options.storageDir);
    },
    dispose() {
      for (const controller of running.values()) controller.abort();
    },
  };
}
