// Reads ~/.ssh/config so the hosts a user already reaches can be offered as profiling targets.
// Only concrete `Host` aliases are suggested (patterns with * or ? or negations are not hosts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProfileHostConfig } from '../contract/profiling';

export interface SshHostSuggestion {
  name: string;
  host: string;
  port?: number;
  user?: string;
  identityFile?: string;
}

interface Block {
  patterns: string[];
  options: Map<string, string>;
}

/** Splits a config line into keyword and argument (`Key value`, `Key=value`, quoted arguments). */
function splitLine(line: string): [string, string] | undefined {
  const match = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(line);
  if (!match) return undefined;
  let value = match[2];
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  return [match[1].toLowerCase(), value];
}

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], options: new Map() }];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = splitLine(line);
    if (!parts) continue;
    const [key, value] = parts;
    if (key === 'host') blocks.push({ patterns: value.split(/\s+/), options: new Map() });
    else if (key === 'match')
      blocks.push({ patterns: [], options: new Map() }); // Match blocks need runtime context: ignored.
    else {
      const options = blocks[blocks.length - 1].options;
      // As in ssh: the first value given for an option wins.
      if (!options.has(key)) options.set(key, value);
    }
  }
  return blocks;
}

function globMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(name);
}

function blockApplies(block: Block, name: string): boolean {
  let matched = false;
  for (const p of block.patterns) {
    if (p.startsWith('!')) {
      if (globMatches(p.slice(1), name)) return false;
    } else if (globMatches(p, name)) matched = true;
  }
  return matched;
}

function expandHome(file: string, home: string): string {
  return file.startsWith('~/') ? path.join(home, file.slice(2)) : file;
}

export function parseSshConfig(text: string, home = os.homedir()): SshHostSuggestion[] {
  const blocks = parseBlocks(text);
  const aliases = blocks.flatMap((b) => b.patterns).filter((p) => p !== '*' && !/[*?!]/.test(p));
  return [...new Set(aliases)].map((alias) => {
    const resolved = new Map<string, string>();
    for (const block of blocks) {
      if (!blockApplies(block, alias)) continue;
      for (const [k, v] of block.options) if (!resolved.has(k)) resolved.set(k, v);
    }
    const suggestion: SshHostSuggestion = { name: alias, host: resolved.get('hostname') ?? alias };
    const port = Number(resolved.get('port'));
    if (Number.isInteger(port) && port > 0) suggestion.port = port;
    if (resolved.has('user')) suggestion.user = resolved.get('user');
    if (resolved.has('identityfile')) suggestion.identityFile = expandHome(resolved.get('identityfile')!, home);
    return suggestion;
  });
}

export function readSshConfigSuggestions(file = path.join(os.homedir(), '.ssh', 'config')): SshHostSuggestion[] {
  try {
    return parseSshConfig(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** A suggestion as a host entry (the user name defaults to the local one, as ssh does). */
export function suggestionToHost(s: SshHostSuggestion): ProfileHostConfig {
  return {
    name: s.name,
    host: s.host,
    port: s.port,
    user: s.user ?? os.userInfo().username,
    identityFile: s.identityFile,
  };
}
