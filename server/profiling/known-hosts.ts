// Host key verification against an OpenSSH known_hosts file: plain and hashed (`|1|salt|hash`) host fields,
// `[host]:port` entries, wildcard and negated patterns, and @revoked markers. An unknown key is reported with its
// SHA256 fingerprint so the user can accept it (then appended hashed); a changed or revoked key is refused.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  { status: 'trusted' } | { status: 'unknown' | 'changed' | 'revoked'; fingerprint: string; keyType: string };

/** "SHA256:…" exactly as `ssh-keygen -lf` prints it (unpadded base64). */
export function sha256Fingerprint(key: Buffer): string {
  return 'SHA256:' + crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

/** The key type is the first length-prefixed string of the SSH wire-format key blob. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  return len > 0 && len < 64 && key.length >= 4 + len ? key.subarray(4, 4 + len).toString('latin1') : 'unknown';
}

/** How known_hosts names a host: bare for port 22, else "[host]:port". */
export function hostField(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority')
      marker = fields.shift() as KnownHostEntry['marker'];
    if (fields.length < 3) continue; // malformed lines are ignored, as ssh does
    const key = Buffer.from(fields[2], 'base64');
    if (key.length === 0) continue;
    entries.push({ marker, hosts: fields[0], keyType: fields[1], key });
  }
  return entries;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const expected = Buffer.from(parts[3], 'base64');
  const actual = crypto.createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** Does a known_hosts host field name this host? Negated patterns veto a match. */
export function hostsFieldMatches(field: string, host: string, port: number): boolean {
  const name = hostField(host, port);
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    const p = negated ? pattern.slice(1) : pattern;
    if (wildcardToRegExp(p).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function verifyHostKey(entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && hostsFieldMatches(e.hosts, host, port));
  const details = { fingerprint: sha256Fingerprint(key), keyType: keyTypeOf(key) };
  if (mine.some((e) => e.marker === '@revoked' && e.key.equals(key))) return { status: 'revoked', ...details };
  const known = mine.filter((e) => e.marker === undefined);
  if (known.some((e) => e.key.equals(key))) return { status: 'trusted' };
  // Any other key on record for this host means the host changed its identity: refuse, as ssh does.
  return { status: known.length > 0 ? 'changed' : 'unknown', ...details };
}

export async function readKnownHosts(file: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await fs.readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Records a key the user accepted, hashed like `HashKnownHosts yes`; the file is replaced atomically (owner-only). */
export async function acceptHostKey(file: string, host: string, port: number, key: Buffer): Promise<void> {
  const salt = crypto.randomBytes(20);
  const hash = crypto.createHmac('sha1', salt).update(hostField(host, port)).digest();
  const line = `|1|${salt.toString('base64')}|${hash.toString('base64')} ${keyTypeOf(key)} ${key.toString('base64')}\n`;
  let existing = '';
  try {
    existing = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (existing && !existing.endsWith('\n')) existing += '\n';
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, existing + line, 0o600);
}
