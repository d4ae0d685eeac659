// known_hosts matching, checked against OpenSSH's own `ssh-keygen -F` on the same file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  hostsFieldMatches,
  parseKnownHosts,
  sha256Fingerprint,
  verifyHostKey,
} from '../../server/profiling/known-hosts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-known-hosts-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
function newKey(name: string): { line: string; blob: Buffer; file: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  const line = fs.readFileSync(`${file}.pub`, 'utf8').trim();
  return { line, blob: Buffer.from(line.split(' ')[1], 'base64'), file };
}

test('host patterns match exactly where ssh-keygen -F finds them (plain, [host]:port, wildcards, negation, hashed)', () => {
  const key = newKey('k1');
  const [type, b64] = key.line.split(' ');
  const plain = path.join(dir, 'plain_known_hosts');
  fs.writeFileSync(
    plain,
    [
      `gpu1.example.com,10.0.0.5 ${type} ${b64}`,
      `[gpu2.example.com]:2222 ${type} ${b64}`,
      `*.lab.example.com,!bad.lab.example.com ${type} ${b64}`,
      `gpu?.farm ${type} ${b64}`,
    ].join('\n') + '\n',
  );
  const hashed = path.join(dir, 'hashed_known_hosts');
  fs.copyFileSync(plain, hashed);
  execFileSync('ssh-keygen', ['-q', '-H', '-f', hashed]);
  const hashedText = fs.readFileSync(hashed, 'utf8');
  assert.match(hashedText, /^\|1\|/m);
  const probes: [string, number][] = [
    ['gpu1.example.com', 22],
    ['10.0.0.5', 22],
    ['gpu1.example.com', 2222],
    ['gpu2.example.com', 2222],
    ['gpu2.example.com', 22],
    ['a.lab.example.com', 22],
    ['bad.lab.example.com', 22],
    ['gpu7.farm', 22],
    ['gpu17.farm', 22],
    ['GPU1.EXAMPLE.COM', 22],
  ];
  for (const file of [plain, hashed]) {
    const entries = parseKnownHosts(fs.readFileSync(file, 'utf8'));
    for (const [host, port] of probes) {
      const name = port === 22 ? host : `[${host}]:${port}`;
      const oracle = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' }).stdout.includes(b64);
      const ours = entries.some((e) => hostsFieldMatches(e.hosts, host, port));
      // Hashed entries are case-sensitive in OpenSSH too (the hash is of the exact name).
      assert.equal(ours, oracle, `${path.basename(file)} ${name}`);
    }
  }
});

test('verdicts: trusted, unknown, changed, revoked; fingerprint as ssh-keygen -l prints it', () => {
  const good = newKey('good');
  const evil = newKey('evil');
  const entries = parseKnownHosts(`# comment\n\ngarbage line\n[h]:2200 ${good.line}\n@revoked * ${evil.line}\n`);
  assert.deepEqual(verifyHostKey(entries, 'h', 2200, good.blob), { status: 'trusted' });
  const expectedFp = execFileSync('ssh-keygen', ['-lf', `${evil.file}.pub`], { encoding: 'utf8' }).split(' ')[1];
  assert.equal(sha256Fingerprint(evil.blob), expectedFp);
  assert.deepEqual(verifyHostKey(entries, 'h', 2200, evil.blob), {
    status: 'revoked',
    fingerprint: expectedFp,
    keyType: 'ssh-ed25519',
  });
  const other = newKey('other');
  assert.equal(verifyHostKey(entries, 'h', 2200, other.blob).status, 'changed');
  assert.equal(verifyHostKey(entries, 'elsewhere', 22, other.blob).status, 'unknown');
});
