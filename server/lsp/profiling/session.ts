// What the profiling handlers share during one server session: the run store, the runs in flight, the host keys
// this server showed as unknown (only those can be accepted, never a changed one), and kept Slurm connections.
import path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../../findings';
import { findConfigFile, loadConfigFile, type ModelReadyConfig } from '../../config/config';
import { HostConfigError } from '../../config/hosts';
import { defaultRunStoreDir, RunStore } from '../../profiling/run-store';
import { SshKeeper } from '../../profiling/ssh-keeper';
import { isModelFile } from '../../workspace-files';

export interface ProfilingDeps {
  connection: Connection;
  toPath: (uri: string) => string | undefined;
  /** The execution gate: throws, naming what was refused, in an untrusted workspace. */
  checkExecution: (what: string) => void;
  /** Replaces the runtime (ORT) findings of a file; they are published together with the analysis findings. */
  setRuntimeFindings: (file: string, findings: Finding[]) => void;
  log: (message: string) => void;
}

export class ProfilingSession {
  store = new RunStore(defaultRunStoreDir());
  readonly running = new Map<string, AbortController>();
  readonly offeredKeys = new Set<string>();
  /** Slurm logins stay connected between runs: the next run skips the handshake and the login shell's start-up. */
  readonly connections = new SshKeeper();

  constructor(readonly deps: ProfilingDeps) {}

  /** The .onnx file a request names; refused (HostConfigError) otherwise. */
  modelFile(uri: string): string {
    const file = this.deps.toPath(uri);
    if (!file || !isModelFile(file)) throw new HostConfigError(`${uri} is not an .onnx file`);
    return file;
  }
}

export const refusal = (error: unknown) => ({
  ok: false as const,
  message: error instanceof Error ? error.message : String(error),
});

/** The project configuration (.modelready.json) that applies to a model, if any. */
export function configFor(file: string): ModelReadyConfig | undefined {
  const found = findConfigFile(path.dirname(file));
  return found ? loadConfigFile(found) : undefined;
}

export const hostKeyId = (host: string, port: number, key: string) => `${host}:${port} ${key}`;
