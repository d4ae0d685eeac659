// ~/.ssh/config suggestions agree with what the real OpenSSH client resolves (`ssh -G`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseSshConfig } from '../../server/profiling/ssh-config';
import { scratchDir } from '../support/paths';

const CONFIG = `# GPU hosts
Host gpu-a100 gpu-h100
  User mlops
  IdentityFile ~/.ssh/id_gpu

Host gpu-a100
  HostName 10.1.2.3
  Port 2222
  User ignored-because-first-wins

Host gpu-h100
  HostName=h100.example.internal

Host *.internal !bastion
  Port 22

Host bastion
  HostName bastion.example.com

Host *
  User fallback
`;

test('concrete Host aliases are suggested with the options ssh itself resolves', () => {
  const dir = scratchDir('ssh-config');
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, CONFIG);
  const home = '/home/tester';
  const suggestions = parseSshConfig(CONFIG, home);
  assert.deepEqual(
    suggestions.map((s) => s.name),
    ['gpu-a100', 'gpu-h100', 'bastion'],
  );
  for (const s of suggestions) {
    const resolved = new Map(
      execFileSync('ssh', ['-G', '-F', file, s.name], { encoding: 'utf8', env: { ...process.env, HOME: home } })
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as [string, string]),
    );
    assert.equal(s.host, resolved.get('hostname'), `${s.name} hostname`);
    assert.equal(s.port ?? 22, Number(resolved.get('port')), `${s.name} port`);
    assert.equal(s.user, resolved.get('user'), `${s.name} user`);
    // ssh -G prints the identity file as written; ours is expanded for opening it.
    if (s.identityFile)
      assert.equal(s.identityFile, resolved.get('identityfile')!.replace(/^~\//, home + '/'), `${s.name} identity`);
  }
});
