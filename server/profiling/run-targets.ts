// Runs trtexec on a configured host: this machine, an SSH host (its own install or a container image) or a Slurm
// cluster's login node (a batch job); checks the user's choices as they arrive over the protocol.
import os from 'node:os';
import path from 'node:path';
import type { ProfileHostConfig } from '../contract/profiling';
import { runLocalProfile } from './local-run';
import { runRemoteProfile, type RemoteProfileRequest, type RemoteProfileResult } from './remote-run';
import type { Precision, ProfileChoices } from '../contract/profiling';
import {
  runSlurmProfile,
  type SlurmProfileHooks,
  type SlurmProfileResult,
  type SlurmProfileTarget,
} from './slurm-target';
import { TrtexecCommandError } from './trtexec-command';

const expandHome = (file: string | undefined) =>
  file?.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file;

/** A Slurm host entry as the Slurm target takes it (the login node over SSH, the job options, the image). */
export function slurmTargetOf(host: ProfileHostConfig): SlurmProfileTarget {
  return { ...sshSideOf(host), slurm: { ...host.slurm, containerImage: host.containerImage } };
}

/** What an SSH host and a Slurm login node share: where to connect, how to trust it, where trtexec and work live. */
function sshSideOf(host: ProfileHostConfig) {
  return {
    host: host.host!,
    port: host.port,
    username: host.user!,
    identityFile: expandHome(host.identityFile),
    knownHostsFile: expandHome(host.knownHostsFile),
    trtexecPath: host.trtexecPath,
    workDir: host.workDir,
  };
}

/** Runs trtexec on the configured target: this machine, an SSH host (install or container image), or Slurm. */
export function runProfileOn(
  host: ProfileHostConfig,
  request: RemoteProfileRequest,
  hooks: SlurmProfileHooks = {},
): Promise<RemoteProfileResult & Partial<Pick<SlurmProfileResult, 'slurm'>>> {
  if (host.kind === 'slurm') return runSlurmProfile(slurmTargetOf(host), request, hooks);
  if (host.local)
    return runLocalProfile(
      { trtexecPath: host.trtexecPath, workDir: expandHome(host.workDir), containerImage: host.containerImage },
      request,
      hooks,
    );
  return runRemoteProfile({ ...sshSideOf(host), containerImage: host.containerImage }, request, hooks);
}

const PRECISIONS: readonly Precision[] = ['fp32', 'fp16', 'bf16', 'int8', 'fp8', 'best'];

/** Choices arrive from another process: known keys with the right types only (numbers are range-checked later). */
export function checkProfileChoices(raw: unknown): ProfileChoices {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TrtexecCommandError('profiling choices must be an object');
  const kinds: Record<string, (v: unknown) => boolean> = {
    precision: (v) => PRECISIONS.includes(v as Precision),
    iterations: (v) => typeof v === 'number',
    durationS: (v) => typeof v === 'number',
    warmUpMs: (v) => typeof v === 'number',
    builderOptimizationLevel: (v) => typeof v === 'number',
    useTimingCache: (v) => typeof v === 'boolean',
    saveEngine: (v) => typeof v === 'boolean',
    exportTimes: (v) => typeof v === 'boolean',
    shapes: (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v).every(
        (r) =>
          typeof r === 'object' &&
          r !== null &&
          ['min', 'opt', 'max'].every((k) => Array.isArray((r as Record<string, unknown>)[k])),
      ),
  };
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(kinds, key)) throw new TrtexecCommandError(`unknown profiling choice "${key.slice(0, 80)}"`);
    if (value !== undefined && !kinds[key](value))
      throw new TrtexecCommandError(`profiling choice "${key}" has an invalid value`);
  }
  return raw as ProfileChoices;
}
