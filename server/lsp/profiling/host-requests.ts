// The hosts a model can be profiled on (.modelready.json `hosts`, the `modelready.hosts` setting, suggestions from
// ~/.ssh/config), and accepting an unknown host key this server showed (never a changed or revoked one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findConfigFile } from '../../config/config';
import type {
  ProfileAcceptHostKeyParams,
  ProfileAcceptHostKeyResult,
  ProfileHostsParams,
  ProfileHostsResult,
} from '../../contract/profiling';
import { readHostsConfig } from '../../config/hosts';
import { acceptHostKey } from '../../profiling/known-hosts';
import { readSshConfigSuggestions, suggestionToHost } from '../../profiling/ssh-config';
import { hostKeyId, refusal, type ProfilingSession } from './session';

export function listHosts(session: ProfilingSession, params: ProfileHostsParams): ProfileHostsResult {
  const file = session.deps.toPath(params.uri);
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
