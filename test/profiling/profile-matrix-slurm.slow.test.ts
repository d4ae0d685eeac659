// `modelready profile-matrix` (the built CLI, as a child process) against the real loopback Slurm 22.05 cluster
// (slurm-harness.ts) through the real sshd, trtexec on the node being the double replaying a recorded run.
// A 2 × 2 matrix (two Slurm hosts × two shape profiles) whose client is SIGKILLed mid-matrix and started again:
// finished cells are not run again, the array left behind is collected rather than resubmitted, and the table is
// complete. An 8-cell matrix on one host is one job array (seen by the controller). Two hosts on one login node, run
// side by side, share one SSH connection (counted at a relay in front of sshd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { MatrixTable } from '../../server/contract/profile-matrix';
import { RunStore } from '../../server/profiling/run-store';
import { scratchDir } from '../support/paths';
import { readJson, sharedRoot } from './corpus';
import { matrixCli, stderrMatches, trtexecRuns as runsOf } from './matrix-cli';
import { acceptHostKey } from '../../server/profiling/known-hosts';
import { installTrtexecDouble, startCuttableProxy, startSshd, type SshdHandle } from './ssh-harness';
import { startSlurm, type SlurmHandle } from './slurm-harness';

let sshd: SshdHandle;
let slurm: SlurmHandle;
let root: string;
let model: string;
let slowBin: string;
let fastBin: string;
let relay: Awaited<ReturnType<typeof startCuttableProxy>>;

const profile = (batch: number) => ({
  data: { min: [1, 3, 224, 224], opt: [batch, 3, 224, 224], max: [batch, 3, 224, 224] },
});

before(async () => {
  slurm = await startSlurm();
  sshd = await startSshd({ env: slurm.env });
  const double = { version: '10.13.0', corpusRun: 'examples/pytorch/resnet/A100/fp16', prefix: 'resnet.onnx.engine' };
  slowBin = installTrtexecDouble(path.join(sshd.dir, 'slow'), { ...double, inputs: ['data'], buildMs: 2500 });
  fastBin = installTrtexecDouble(path.join(sshd.dir, 'fast'), { ...double, inputs: ['data'] });
  root = scratchDir('profile-matrix-slurm');
  model = path.join(root, 'squeezenet.onnx');
  fs.copyFileSync(path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'), model);
  relay = await startCuttableProxy(sshd.port);
  const relayKnownHosts = path.join(sshd.dir, 'relay_known_hosts');
  fs.writeFileSync(relayKnownHosts, '');
  await acceptHostKey(relayKnownHosts, '127.0.0.1', relay.port, sshd.hostKeyBlob);
  const login = (trtexecPath: string, port = sshd.port, knownHostsFile = sshd.knownHosts) => ({
    kind: 'slurm',
    host: '127.0.0.1',
    port,
    user: 'root',
    identityFile: sshd.clientKey,
    knownHostsFile,
    trtexecPath,
    workDir: path.join(sshd.dir, 'shared fs'),
    slurm: { partition: 'gpu', gpus: 0 },
  });
  fs.writeFileSync(
    path.join(root, '.modelready.json'),
    JSON.stringify({
      profiles: { 'squeezenet.onnx': [1, 2, 4, 8, 16, 32, 64, 128].map(profile) },
      hosts: {
        'cluster-a': login(slowBin),
        'cluster-b': login(slowBin),
        eight: login(fastBin),
        'relay-a': login(fastBin, relay.port, relayKnownHosts),
        'relay-b': {
          ...login(fastBin, relay.port, relayKnownHosts),
          slurm: { partition: 'gpu', gpus: 0, timeLimit: '5' },
        },
      },
    }),
  );
});

after(async () => {
  await relay?.close();
  await sshd?.stop();
  await slurm?.stop();
});

/** Array jobs the controller knows, by job name prefix: array job id -> task count. */
function arrays(): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of slurm.scontrol('show', 'job', '-o').split('\n')) {
    const name = /JobName=(\S+)/.exec(line)?.[1] ?? '';
    const arrayId = /ArrayJobId=(\d+)/.exec(line)?.[1];
    if (name.startsWith('mr-matrix-') && arrayId) found.set(arrayId, (found.get(arrayId) ?? 0) + 1);
  }
  return found;
}

test('2 × 2 matrix: SIGKILLed mid-matrix, started again: no finished cell runs twice, the table is complete', async () => {
  const store = path.join(root, 'store-2x2');
  const args = ['--hosts', 'cluster-a,cluster-b', '--profiles', 'p1,p2', '--concurrency', '1', '--store', store];
  const first = matrixCli(model, [...args, '--json']);
  await stderrMatches(first, /: done: /, 180000);
  first.child.kill('SIGKILL');
  await first.done;
  const storedBefore = new RunStore(store).list(model);
  assert.equal(storedBefore.length, 1, 'one cell was stored when the client died');
  assert.ok(runsOf(slowBin).length < 4, 'the matrix was cut short');

  const second = matrixCli(model, [...args, '--json']);
  const { code, stdout } = await second.done;
  assert.equal(code, 0, second.stderr());
  const table = JSON.parse(stdout) as MatrixTable;
  assert.deepEqual(
    table.rows.map((r) => [r.host, r.profile, r.ok]),
    [
      ['cluster-a', 'p1', true],
      ['cluster-a', 'p2', true],
      ['cluster-b', 'p1', true],
      ['cluster-b', 'p2', true],
    ],
  );
  assert.deepEqual(
    table.rows.map((r) => r.fromStore),
    [true, false, false, false],
  );
  assert.match(second.stderr(), /cluster-a · p1: already in the run store, not run again/);
  // Each cell ran trtexec exactly once in all: the first cell was not rerun, the array left behind was collected.
  const runs = runsOf(slowBin);
  assert.equal(runs.length, 4, runs.map((r) => r.join(' ')).join('\n'));
  for (const batch of [1, 2])
    assert.equal(runs.filter((argv) => argv.includes(`--maxShapes=data:${batch}x3x224x224`)).length, 2);
  assert.equal(arrays().size, 2, 'one array per host, none submitted again');
  const stored = new RunStore(store).list(model);
  assert.equal(stored.length, 4);
  assert.deepEqual(new Set(stored.map((r) => r.matrixCell)), new Set(table.rows.map((r) => r.key)));
  assert.ok(table.best.p50Ms && table.best.throughputQps, 'a best cell per column');
  assert.deepEqual(
    fs.readdirSync(path.dirname(new RunStore(store).sideFile(model, 'x'))).filter((f) => f.endsWith('journal')),
    [],
    'no journal left',
  );
  // Run again: everything comes from the store, nothing is submitted.
  const third = matrixCli(model, [...args, '--csv']);
  const again = await third.done;
  assert.equal(again.code, 0, third.stderr());
  assert.equal(runsOf(slowBin).length, 4);
  const csv = again.stdout.trim().split('\r\n');
  assert.equal(csv[0], 'host,image,profile,p50_ms,p90_ms,p99_ms,throughput_qps,ok,stored,failure,best,slurm_job');
  assert.equal(csv.length, 5);
  assert.ok(csv.slice(1).every((l) => l.includes(',true,true,')));
});

test('8 cells on one Slurm host are submitted as ONE job array with the concurrency limit', async () => {
  const before = new Set(arrays().keys());
  const run = matrixCli(model, [
    '--hosts',
    'eight',
    '--concurrency',
    '4',
    '--store',
    path.join(root, 'store-8'),
    '--json',
  ]);
  const { code, stdout } = await run.done;
  assert.equal(code, 0, run.stderr());
  const table = JSON.parse(stdout) as MatrixTable;
  assert.equal(table.rows.length, 8);
  assert.ok(table.rows.every((r) => r.ok && !r.fromStore));
  const added = [...arrays()].filter(([id]) => !before.has(id));
  assert.equal(added.length, 1, `one new array: ${JSON.stringify(added)}`);
  const [arrayId, tasks] = added[0];
  assert.equal(tasks, 8, 'the controller lists 8 tasks of that array');
  assert.deepEqual(
    table.rows.map((r) => r.slurmJob),
    table.rows.map((_, i) => `${arrayId}_${i}`),
  );
  const submitted = [...run.stderr().matchAll(/submitted as Slurm array (\d+)/g)].map((m) => m[1]);
  assert.deepEqual(submitted, Array(8).fill(arrayId));
  assert.match(slurm.scontrol('show', 'job', '-o', `${arrayId}_0`), /ArrayTaskThrottle=4/);
  assert.equal(runsOf(fastBin).length, 8);
  const profiles = readJson(path.join(root, '.modelready.json')).profiles['squeezenet.onnx'];
  assert.equal(profiles.length, 8);
});

test('two Slurm hosts on one login node, run side by side, share one SSH connection', async () => {
  const run = matrixCli(model, [
    ...['--hosts', 'relay-a,relay-b', '--profiles', 'p1', '--concurrency', '2'],
    ...['--store', path.join(root, 'store-relay'), '--json'],
  ]);
  const { code, stdout } = await run.done;
  assert.equal(code, 0, run.stderr());
  const table = JSON.parse(stdout) as MatrixTable;
  assert.deepEqual(
    table.rows.map((r) => [r.host, r.ok, r.fromStore]),
    [
      ['relay-a', true, false],
      ['relay-b', true, false],
    ],
  );
  assert.notEqual(table.rows[0].slurmJob?.split('_')[0], table.rows[1].slurmJob?.split('_')[0], 'an array per host');
  assert.equal(relay.connections(), 1, 'one SSH connection for both hosts');
  for (let i = 0; i < 100 && relay.open() > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(relay.open(), 0, 'closed when the matrix ended');
});
