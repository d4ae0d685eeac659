// Profiling hosts from `.modelready.json` `hosts` (an object keyed by name) or the `modelready.hosts` setting (a list
// of entries with a `name`), checked by hand with messages naming the key (profiling/run-targets.ts runs on them). A `password` key is refused:
// keys and the agent only. No SSH code here: the configuration loader imports this module.
import type { ProfileHostConfig } from '../contract/profiling';
import { checkPinnedImage, ContainerImageError } from './container-image';
import { checkSlurmOptions, SlurmOptionError } from './slurm-options';

const STRING_KEYS = [
  'host',
  'user',
  'identityFile',
  'knownHostsFile',
  'trtexecPath',
  'containerImage',
  'workDir',
] as const;

export class HostConfigError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SLURM_KEYS = ['partition', 'gpuType', 'gpus', 'account', 'timeLimit', 'containerRuntime'];

/** The `slurm` options of a `kind: slurm` host: known keys, then the same checks sbatch's argv gets. */
function slurmProblems(entry: Record<string, unknown>, where: string): string[] {
  if (entry.kind !== 'slurm')
    return entry.slurm === undefined ? [] : [`"${where}.slurm" is only for a host with "kind": "slurm"`];
  const options = entry.slurm ?? {};
  if (!isObject(options)) return [`"${where}.slurm" must be an object {partition, gpuType, gpus, …}`];
  const unknown = Object.keys(options).filter((k) => !SLURM_KEYS.includes(k));
  if (unknown.length) return [`unknown key "${where}.slurm.${unknown[0]}" (allowed: ${SLURM_KEYS.join(', ')})`];
  const strings = SLURM_KEYS.filter((k) => k !== 'gpus' && options[k] !== undefined && typeof options[k] !== 'string');
  if (strings.length) return [`"${where}.slurm.${strings[0]}" must be a string`];
  try {
    const image = typeof entry.containerImage === 'string' ? entry.containerImage : undefined;
    checkSlurmOptions({ ...options, containerImage: image });
  } catch (e) {
    if (!(e instanceof SlurmOptionError || e instanceof ContainerImageError)) throw e;
    return [`"${where}.slurm": ${e.message}`];
  }
  return [];
}

/** Checks one entry; returns the problems (empty when usable). `where` prefixes each message. */
function entryProblems(entry: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'slurm') continue;
    if (key === 'password' || key === 'passphrase')
      problems.push(`"${where}.${key}": passwords are never stored; use identityFile or the SSH agent`);
    else if (key === 'local') {
      if (typeof value !== 'boolean') problems.push(`"${where}.local" must be true or false`);
    } else if (key === 'kind') {
      if (value !== 'ssh' && value !== 'slurm') problems.push(`"${where}.kind" must be "ssh" or "slurm"`);
    } else if (key === 'port') {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535)
        problems.push(`"${where}.port" must be an integer from 1 to 65535`);
    } else if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'string' || value === '') problems.push(`"${where}.${key}" must be a non-empty string`);
    } else
      problems.push(
        `unknown key "${where}.${key}" (allowed: kind, local, host, port, user, identityFile, knownHostsFile, trtexecPath, containerImage, workDir, slurm)`,
      );
  }
  if (entry.local === true && entry.kind === 'slurm')
    problems.push(`"${where}": a Slurm host is reached over SSH; "local" does not apply`);
  if (entry.local !== true) {
    for (const key of ['host', 'user'])
      if (entry[key] === undefined)
        problems.push(
          `"${where}.${key}" is required for ${entry.kind === 'slurm' ? "a Slurm host's login node" : 'an SSH host (or set "local": true)'}`,
        );
  }
  problems.push(...slurmProblems(entry, where));
  // A Slurm host's image is checked with its runtime (an apptainer image is a file, not a registry reference).
  if (typeof entry.containerImage === 'string' && entry.kind !== 'slurm') {
    try {
      checkPinnedImage(entry.containerImage);
    } catch (e) {
      if (!(e instanceof ContainerImageError)) throw e;
      problems.push(`"${where}.containerImage": ${e.message}`);
    }
  }
  return problems;
}

/** Reads `hosts` (object keyed by name, or a list of entries with `name`); entries with problems are left out and the problems returned. */
export function readHostsConfig(raw: unknown, where = 'hosts'): { hosts: ProfileHostConfig[]; problems: string[] } {
  if (raw === undefined) return { hosts: [], problems: [] };
  const hosts: ProfileHostConfig[] = [];
  const problems: string[] = [];
  let entries: [string, unknown][];
  if (Array.isArray(raw)) {
    entries = [];
    raw.forEach((item, i) => {
      if (isObject(item) && typeof item.name === 'string' && item.name !== '') {
        const { name, ...rest } = item;
        entries.push([name as string, rest]);
      } else problems.push(`"${where}[${i}]" must be an object with a non-empty "name"`);
    });
  } else if (isObject(raw)) entries = Object.entries(raw);
  else return { hosts: [], problems: [`"${where}" must map host names to {host, user, …}`] };
  for (const [name, entry] of entries) {
    if (!isObject(entry)) {
      problems.push(`"${where}.${name}" must be an object`);
      continue;
    }
    const found = entryProblems(entry, `${where}.${name}`);
    if (found.length) problems.push(...found);
    else hosts.push({ ...(entry as Omit<ProfileHostConfig, 'name'>), name });
  }
  return { hosts, problems };
}

/** A host entry the client sends back (from a quick pick) is checked again: it is input, not trusted state. */
export function checkHostConfig(host: unknown): ProfileHostConfig {
  if (!isObject(host) || typeof host.name !== 'string')
    throw new HostConfigError('host must be an object with a "name"');
  const { name, ...rest } = host;
  const problems = entryProblems(rest, `hosts.${name}`);
  if (problems.length) throw new HostConfigError(problems.join('; '));
  return host as unknown as ProfileHostConfig;
}
