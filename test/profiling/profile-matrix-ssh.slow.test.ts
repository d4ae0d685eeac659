// `modelready profile-matrix` (the built CLI, as a child process) over two plain SSH hosts on the real loopback sshd,
// trtexec being the double replaying a recorded run: each host's cells run one after the other, hosts side by side up
// to --concurrency, and a client SIGKILLed mid-matrix resumes on the next start without running a stored cell again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { MatrixTable } from '../../server/contract/profile-matrix';
import { RunStore } from '../../server/profiling/run-store';
import { scratchDir } from '../support/paths';
import { sharedRoot } from './corpus';
import { matrixCli, stderrMatches, trtexecRuns } from './matrix-cli';
import { installTrtexecDouble, startSshd, type SshdHandle } from './ssh-harness';

let sshd: SshdHandle;
let root: string;
let model: string;
const bins: Record<string, string> = {};

const profile = (batch: number) => ({
  data: { min: [1, 3, 224, 224], opt: [batch, 3, 224, 224], max: [batch, 3, 224, 224] },
});

before(async () => {
  sshd = await startSshd();
  const double = { version: '10.13.0', corpusRun: 'examples/pytorch/resnet/A100/fp16', prefix: 'resnet.onnx.engine' };
  root = scratchDir('profile-matrix-ssh');
  model = path.join(root, 'squeezenet.onnx');
  fs.copyFileSync(path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'), model);
  const hosts: Record<string, object> = {};
  for (const name of ['gpu-a', 'gpu-b']) {
    // The engine build takes a while, so a kill lands while a cell runs and the two hosts visibly overlap.
    bins[name] = installTrtexecDouble(path.join(sshd.dir, name), { ...double, inputs: ['data'], buildMs: 800 });
    hosts[name] = {
      host: '127.0.0.1',
      port: sshd.port,
      user: 'root',
      identityFile: sshd.clientKey,
      knownHostsFile: sshd.knownHosts,
      trtexecPath: bins[name],
      workDir: path.join(sshd.dir, `work ${name}`),
    };
  }
  fs.writeFileSync(
    path.join(root, '.modelready.json'),
    JSON.stringify({ profiles: { 'squeezenet.onnx': [profile(1), profile(2)] }, hosts }),
  );
});

after(async () => {
  await sshd?.stop();
});

/** The progress lines of a run as [host, profile, event] in the order they were printed. */
const events = (stderr: string) =>
  [...stderr.matchAll(/^\[\d+\/\d+\] (\S+) · (p\d): (\w+)/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
const before_ = (list: string[], a: string, b: string) => {
  assert.ok(list.includes(a) && list.includes(b), `${a} and ${b} in\n${list.join('\n')}`);
  assert.ok(list.indexOf(a) < list.indexOf(b), `${a} before ${b} in\n${list.join('\n')}`);
};
const runsWithBatch = (host: string, batch: number) =>
  trtexecRuns(bins[host]).filter((argv) => argv.includes(`--maxShapes=data:${batch}x3x224x224`)).length;

test('2 hosts × 2 profiles: cells of one host one after the other, the hosts side by side (--concurrency 2)', async () => {
  const run = matrixCli(model, ['--hosts', 'gpu-a,gpu-b', '--concurrency', '2', '--store', path.join(root, 'side')]);
  const { code, stdout } = await run.done;
  assert.equal(code, 0, run.stderr());
  const order = events(run.stderr());
  for (const host of ['gpu-a', 'gpu-b']) {
    before_(order, `${host} p1 running`, `${host} p1 done`);
    before_(order, `${host} p1 done`, `${host} p2 running`);
    before_(order, `${host} p2 running`, `${host} p2 done`);
  }
  before_(order, 'gpu-b p1 running', 'gpu-a p1 done');
  assert.match(stdout, /^profile matrix of .*squeezenet\.onnx/);
  assert.equal(
    stdout
      .trim()
      .split('\n')
      .filter((l) => /^gpu-[ab] +p[12] .* ok$/.test(l)).length,
    4,
    stdout,
  );
});

test('SIGKILLed mid-matrix (--concurrency 1), started again: stored cells are not run again, the table is complete', async () => {
  const store = path.join(root, 'resume');
  for (const host of Object.keys(bins)) fs.rmSync(path.join(path.dirname(bins[host]), 'calls.jsonl'), { force: true });
  const args = ['--hosts', 'gpu-a,gpu-b', '--concurrency', '1', '--store', store, '--json'];
  const first = matrixCli(model, args);
  await stderrMatches(first, /: done: /);
  first.child.kill('SIGKILL');
  await first.done;
  assert.equal(new RunStore(store).list(model).length, 1, 'one cell was stored when the client died');
  assert.equal(trtexecRuns(bins['gpu-b']).length, 0, 'the second host had not started (concurrency 1)');

  const second = matrixCli(model, args);
  const { code, stdout } = await second.done;
  assert.equal(code, 0, second.stderr());
  const table = JSON.parse(stdout) as MatrixTable;
  assert.deepEqual(
    table.rows.map((r) => [r.host, r.profile, r.ok, r.fromStore]),
    [
      ['gpu-a', 'p1', true, true],
      ['gpu-a', 'p2', true, false],
      ['gpu-b', 'p1', true, false],
      ['gpu-b', 'p2', true, false],
    ],
  );
  assert.match(second.stderr(), /gpu-a · p1: already in the run store, not run again/);
  before_(events(second.stderr()), 'gpu-a p2 done', 'gpu-b p1 running');
  // The stored cell ran once in all; the one cut off by the kill (gpu-a p2) ran again; gpu-b's cells once each.
  assert.equal(runsWithBatch('gpu-a', 1), 1);
  assert.ok(runsWithBatch('gpu-a', 2) >= 1);
  assert.deepEqual([runsWithBatch('gpu-b', 1), runsWithBatch('gpu-b', 2)], [1, 1]);
  const stored = new RunStore(store).list(model);
  assert.deepEqual(new Set(stored.map((r) => r.matrixCell)), new Set(table.rows.map((r) => r.key)));
  assert.equal(stored.length, 4, 'the cell cut off by the kill was not stored half-done');
  assert.ok(table.best.p50Ms && table.best.throughputQps, 'a best cell per column');

  const callsBefore = Object.values(bins).map((b) => trtexecRuns(b).length);
  const third = matrixCli(model, args);
  const again = await third.done;
  assert.equal(again.code, 0, third.stderr());
  assert.ok((JSON.parse(again.stdout) as MatrixTable).rows.every((r) => r.ok && r.fromStore));
  assert.deepEqual(
    Object.values(bins).map((b) => trtexecRuns(b).length),
    callsBefore,
    'a finished matrix runs nothing',
  );
});
