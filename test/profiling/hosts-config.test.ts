// Profiling hosts in `.modelready.json`: the hand-written checks (server/config/hosts.ts, through the config
// loader) and the JSON schema VS Code completes from agree on every sample; the settings' list form reads the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { ConfigError, parseConfigText } from '../../server/config/config';
import { readHostsConfig } from '../../server/config/hosts';
import { repoRoot } from '../support/paths';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/modelready.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const SAMPLES: [string, unknown, boolean][] = [
  [
    'ssh host with key',
    {
      host: 'gpu1',
      user: 'me',
      port: 2222,
      identityFile: '~/.ssh/id_ed25519',
      trtexecPath: '/usr/src/tensorrt/bin/trtexec',
      workDir: '/scratch/me',
    },
    true,
  ],
  ['ssh host with the agent', { host: 'gpu1', user: 'me' }, true],
  ['local', { local: true }, true],
  ['local in a container', { local: true, containerImage: 'nvcr.io/nvidia/tensorrt:25.01-py3' }, true],
  [
    'container by digest',
    { host: 'gpu2', user: 'me', containerImage: `nvcr.io/nvidia/tensorrt@sha256:${'0'.repeat(64)}` },
    true,
  ],
  ['container :latest', { host: 'gpu2', user: 'me', containerImage: 'nvcr.io/nvidia/tensorrt:latest' }, false],
  ['container without a tag', { host: 'gpu2', user: 'me', containerImage: 'nvcr.io/nvidia/tensorrt' }, false],
  ['password', { host: 'gpu1', user: 'me', password: 'hunter2' }, false],
  ['no user', { host: 'gpu1' }, false],
  ['port out of range', { host: 'gpu1', user: 'me', port: 70000 }, false],
  ['unknown key', { host: 'gpu1', user: 'me', sudo: true }, false],
  ['empty host', { host: '', user: 'me' }, false],
  [
    'slurm login node',
    {
      kind: 'slurm',
      host: 'login1',
      user: 'me',
      workDir: '/shared/me',
      slurm: { partition: 'gpu', gpuType: 'l4', gpus: 1, account: 'ml', timeLimit: '0:30:00' },
    },
    true,
  ],
  ['slurm without options', { kind: 'slurm', host: 'login1', user: 'me' }, true],
  [
    'slurm with pyxis image',
    { kind: 'slurm', host: 'login1', user: 'me', containerImage: 'nvcr.io/nvidia/tensorrt:25.01-py3' },
    true,
  ],
  [
    'slurm with an apptainer file',
    {
      kind: 'slurm',
      host: 'l',
      user: 'me',
      containerImage: '/shared/trt.sif',
      slurm: { containerRuntime: 'apptainer' },
    },
    true,
  ],
  [
    'slurm with an unpinned pyxis image',
    { kind: 'slurm', host: 'l', user: 'me', containerImage: '/shared/trt.sif' },
    false,
  ],
  ['slurm partition with a space', { kind: 'slurm', host: 'l', user: 'me', slurm: { partition: 'gpu; rm' } }, false],
  ['slurm bad time limit', { kind: 'slurm', host: 'l', user: 'me', slurm: { timeLimit: '1h' } }, false],
  ['slurm gpus out of range', { kind: 'slurm', host: 'l', user: 'me', slurm: { gpus: 17 } }, false],
  ['slurm unknown option', { kind: 'slurm', host: 'l', user: 'me', slurm: { qos: 'high' } }, false],
  ['slurm unknown runtime', { kind: 'slurm', host: 'l', user: 'me', slurm: { containerRuntime: 'docker' } }, false],
  ['slurm and local', { kind: 'slurm', local: true, slurm: {} }, false],
  ['slurm options on an ssh host', { host: 'gpu1', user: 'me', slurm: { partition: 'gpu' } }, false],
  ['unknown kind', { kind: 'k8s', host: 'gpu1', user: 'me' }, false],
  ['slurm without a login node', { kind: 'slurm', user: 'me' }, false],
];

test('schema and loader agree on every host sample', () => {
  for (const [what, entry, valid] of SAMPLES) {
    const text = JSON.stringify({ hosts: { h: entry } });
    assert.equal(validate(JSON.parse(text)), valid, `schema on ${what}: ${JSON.stringify(validate.errors)}`);
    let loaded = true;
    try {
      const config = parseConfigText(text, '/ws/.modelready.json');
      assert.deepEqual(config.hosts, [{ name: 'h', ...(entry as object) }]);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(
        error.message,
        /^\/ws\/\.modelready\.json: invalid ModelReady configuration:\n {2}- .*"hosts\.h[.":]/,
      );
      loaded = false;
    }
    assert.equal(loaded, valid, `loader on ${what}`);
  }
});

test('.modelready.json keys hosts by name: the list form is refused there by both', () => {
  const text = JSON.stringify({ hosts: [{ name: 'a', host: 'x', user: 'u' }] });
  assert.equal(validate(JSON.parse(text)), false);
  assert.throws(() => parseConfigText(text, '/ws/.modelready.json'), /"hosts" must be an object mapping host names/);
});

test('the settings list form: named entries, bad ones left out with a reason', () => {
  const read = readHostsConfig(
    [
      { name: 'a', host: 'x', user: 'u' },
      { host: 'nameless', user: 'u' },
      { name: 'b', local: true, password: 'p' },
    ],
    'modelready.hosts',
  );
  assert.deepEqual(read.hosts, [{ name: 'a', host: 'x', user: 'u' }]);
  assert.deepEqual(read.problems, [
    '"modelready.hosts[1]" must be an object with a non-empty "name"',
    '"modelready.hosts.b.password": passwords are never stored; use identityFile or the SSH agent',
  ]);
});
