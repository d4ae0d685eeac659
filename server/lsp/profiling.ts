// The language server's profiling requests, one handler per request type in a table (handlers in profiling/):
// trtexec runs on a configured host with progress streamed as notifications, profile matrices (hosts × images ×
// profiles, matrix-requests.ts), the run store (list, get, compare), accepting an unknown host key, and "Run with ONNX
// Runtime (local)". Remote runs, host-key changes and model
// execution go through the server's execution gate (closed in an untrusted workspace).
import path from 'node:path';
import type { Connection, RequestType } from 'vscode-languageserver';
import {
  OrtRunLocalRequest,
  PrerequisitesRequest,
  ProfileAcceptHostKeyRequest,
  ProfileCancelRequest,
  ProfileHostsRequest,
  ProfileStartRequest,
  RunsCompareRequest,
  RunsGetRequest,
  RunsListRequest,
  type ProfilingInitOptions,
} from '../contract/profiling';
import { ProfileMatrixProfilesRequest, ProfileMatrixStartRequest } from '../contract/profile-matrix';
import { RunStore } from '../profiling/run-store';
import { acceptOfferedHostKey, checkPrerequisites, listHosts } from './profiling/host-requests';
import { compareStoredRuns, getRun, listRuns, runWithOrt } from './profiling/run-requests';
import { listMatrixProfiles, startMatrix } from './profiling/matrix-requests';
import { ProfilingSession, type ProfilingDeps } from './profiling/session';
import { cancelProfile, startProfile } from './profiling/trtexec-requests';

export type { ProfilingDeps } from './profiling/session';

type Registration = (connection: Connection, session: ProfilingSession) => void;

/** One table entry: a request type and its handler, typed together. */
function handle<P, R>(
  type: RequestType<P, R, void>,
  run: (session: ProfilingSession, params: P) => R | Promise<R>,
): Registration {
  return (connection, session) => connection.onRequest(type, (params: P) => run(session, params));
}

/** Progress and result are notifications the server sends (trtexec-requests.ts), not requests it answers. */
const HANDLERS: Registration[] = [
  handle(ProfileStartRequest, startProfile),
  handle(ProfileCancelRequest, cancelProfile),
  handle(ProfileMatrixProfilesRequest, listMatrixProfiles),
  handle(ProfileMatrixStartRequest, startMatrix),
  handle(ProfileAcceptHostKeyRequest, acceptOfferedHostKey),
  handle(ProfileHostsRequest, listHosts),
  handle(PrerequisitesRequest, checkPrerequisites),
  handle(RunsListRequest, listRuns),
  handle(RunsGetRequest, getRun),
  handle(RunsCompareRequest, compareStoredRuns),
  handle(OrtRunLocalRequest, runWithOrt),
];

export function registerProfiling(deps: ProfilingDeps): {
  configure: (init: unknown) => void;
  dispose: () => void;
} {
  const session = new ProfilingSession(deps);
  for (const register of HANDLERS) register(deps.connection, session);
  return {
    configure(init: unknown) {
      const options = ((init as { profiling?: ProfilingInitOptions } | undefined)?.profiling ??
        {}) as ProfilingInitOptions;
      if (typeof options.storageDir === 'string' && path.isAbsolute(options.storageDir))
        session.store = new RunStore(options.storageDir);
    },
    dispose() {
      for (const controller of session.running.values()) controller.abort();
    },
  };
}
