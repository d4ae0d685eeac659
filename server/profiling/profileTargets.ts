// Runs trtexec on a configured host: this machine, or an SSH host (its own install or a container image).
import os from 'node:os';
import path from 'node:path';
import type { ProfileHostConfig } from '../protocol';
import { runLocalProfile } from './localProfile';
import { runRemoteProfile, type RemoteProfileHooks, type RemoteProfileRequest, type RemoteProfileResult } from './remoteProfile';

const expandHome = (file: string | undefined) => (file?.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file);

/** Runs trtexec on the configured target: this machine, or an SSH host (install or container image). */
export function runProfileOn(host: ProfileHostConfig, request: RemoteProfileRequest, hooks: RemoteProfileHooks = {}): Promise<RemoteProfileResult> {
  if (host.local) return runLocalProfile({ trtexecPath: host.trtexecPath, workDir: expandHome(host.workDir), containerImage: host.containerImage }, request, hooks);
  return runRemoteProfile({
    host: host.host!, port: host.port, username: host.user!, identityFile: expandHome(host.identityFile), knownHostsFile: expandHome(host.knownHostsFile),
    trtexecPath: host.trtexecPath, workDir: host.workDir, containerImage: host.containerImage,
  }, request, hooks);
}
