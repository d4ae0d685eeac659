// The hosts a model can be profiled on (.modelready.json `hosts`, the `modelready.hosts` setting, suggestions from
// ~/.ssh/config), the prerequisites of the profiling commands, and accepting an unknown host key this server showed (never a changed or revoked one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findConfigFile } from '../../config/config';
import type {
  ProfileAcceptHostKeyParams,
  ProfileAcceptHostKeyResult,
  PrerequisitesParams,
  PrerequisitesResult,
  ProfileHostsParams,
  ProfileHostsResult,
} from '../../contract/profiling';
import { modelReadyHome } from '../../profiling/ort-runtime';
import {
  findOnPath,
  onnxRuntimeInstalled,
  ortPrerequisites,
  profilingPrerequisites,
} from '../../profiling/prerequisites';
import { readHostsConfig } from '../../config/hosts';
import { acceptHostKey } from '../../profiling/known-hosts';
import { readSshConfigSuggestions, suggestionToHost } from '../../profiling/ssh-config';
import { hostKeyId, refusal, type ProfilingSession } from './session';

export function listHosts(session: ProfilingSession, params: ProfileHostsParams): ProfileHostsResult {
  return hostsFor(session.deps.toPath(params.uri), params.settingsHosts);
}

/** Asked before the model picker: a host to profile on, ONNX Runtime installed (decisions in prerequisites.ts). */
export function checkPrerequisites(session: ProfilingSession, params: PrerequisitesParams): PrerequisitesResult {
  if (params.command === 'runOrtLocal') {
    const home = modelReadyHome();
    return ortPrerequisites(onnxRuntimeInstalled(home), home);
  }
  const target = session.deps.toPath(params.uri);
  // A folder (no model picked yet): its own .modelready.json, then those above it.
  const file = target && isDirectory(target) ? path.join(target, '.modelready.json') : target;
  return profilingPrerequisites(hostsFor(file, params.settingsHosts), findOnPath('trtexec'));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function hostsFor(file: string | undefined, settingsHosts: unknown): ProfileHostsResult {
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
  add(settingsHosts, 'settings', 'modelready.hosts');
  const names = new Set(configured.map((h) => h.name));
  const sshConfigSuggestions = readSshConfigSuggestions()
    .filter((s) => !names.has(s.name))
    .map(suggestionToHost);
  return { configured, sshConfigSuggestions, problems };
}

export async function acceptOfferedHostKey(
  session: ProfilingSession,
  params: ProfileAcceptHostKeyParams,
): Promise<ProfileAcceptHostKeyResult> {
  try {
    session.deps.checkExecution('Accepting a host key');
  } catch (error) {
    return refusal(error);
  }
  const id = hostKeyId(params.host, params.port, params.hostKey);
  if (!session.offeredKeys.has(id))
    return { ok: false, message: `no unknown host key from ${params.host}:${params.port} was shown for acceptance` };
  const file = params.knownHostsFile ?? path.join(os.homedir(), '.ssh', 'known_hosts');
  try {
    await acceptHostKey(file, params.host, params.port, Buffer.from(params.hostKey, 'base64'));
    session.offeredKeys.delete(id);
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}
