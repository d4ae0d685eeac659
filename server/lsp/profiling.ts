// The language server's profiling requests, one handler per method (handlers in profiling/): trtexec runs on a
// configured host with progress streamed as notifications, the run store (list, get, compare), accepting an
// unknown host key, and "Run with ONNX Runtime (local)". Remote runs, host-key changes and model execution go
// through the server's execution gate (closed in an untrusted workspace).
import path from 'node:path';
import { PROFILING_METHODS, type ProfilingInitOptions } from '../protocol';
import { RunStore } from '../profiling/run-store';
import { acceptOfferedHostKey, listHosts } from './profiling/host-requests';
import { compareStoredRuns, getRun, listRuns, runWithOrt } from './profiling/run-requests';
import { ProfilingSession, type ProfilingDeps } from './profiling/session';
import { cancelProfile, startProfile } from './profiling/trtexec-requests';

export type { ProfilingDeps } from './profiling/session';

type RequestMethod = Exclude<
  (typeof PROFILING_METHODS)[keyof typeof PROFILING_METHODS],
  'modelready/profile/progress' | 'modelready/profile/result'
>;
type Handler = (session: ProfilingSession, params: never) => unknown;

/** Request method -> handler (progress and result are notifications the server sends, not requests). */
const HANDLERS: Record<RequestMethod, Handler> = {
  [PROFILING_METHODS.start]: startProfile,
  [PROFILING_METHODS.cancel]: cancelProfile,
  [PROFILING_METHODS.acceptHostKey]: acceptOfferedHostKey,
  [PROFILING_METHODS.hosts]: listHosts,
  [PROFILING_METHODS.runsList]: listRuns,
  [PROFILING_METHODS.runsGet]: getRun,
  [PROFILING_METHODS.runsCompare]: compareStoredRuns,
  [PROFILING_METHODS.ortRunLocal]: runWithOrt,
};

export function registerProfiling(deps: ProfilingDeps): {
  configure: (init: unknown) => void;
  dispose: () => void;
} {
  const session = new ProfilingSession(deps);
  for (const [method, handler] of Object.entries(HANDLERS))
    deps.connection.onRequest(method, (params: never) => handler(session, params));
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
