// The Slurm target against a real Slurm 22.05 cluster on loopback (munged + slurmctld + slurmd, CPU partition, no
// GRES: see slurm-harness.ts), reached through the real sshd fixture; trtexec on the node is the test double
// replaying recorded corpus outputs. Covers submit, queue wait, cancel, the time limit and a node failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sharedRoot } from './corpus';
import { installTrtexecDouble, type SshdHandle } from './ssh-harness';
import { startSlurmLogin, type SlurmHandle, type SlurmLogin } from './slurm-harness';
import type { RemoteProfileRequest } from '../../server/profiling/remote-run';
import { ProfileCancelledError, RemoteRunError } from '../../server/profiling/trtexec-run';
import { runSlurmProfile, type SlurmProfileTarget } from '../../server/profiling/slurm-target';
import type { SlurmJobStatus } from '../../server/profiling/slurm-status';

let cluster: SlurmLogin;
let sshd: SshdHandle;
let slurm: SlurmHandle;
const onnxDir = path.join(sharedRoot, 'corpus/onnx/exported');

before(async () => {
  cluster = await startSlurmLogin();
  ({ sshd, slurm } = cluster);
});
after(async () => {
  await cluster?.stop();
});

const target = (trtexecPath = sshd.trtexecPath, extra: Partial<SlurmProfileTarget['slurm']> = {}) =>
  cluster.target({ trtexecPath, pollMs: 200 }, { jobName: 'mr-test', ...extra });

/** A trtexec double that takes `buildMs` to build (so a job can be caught running). */
function slowDouble(name: string, buildMs: number): string {
  return installTrtexecDouble(path.join(sshd.dir, name), {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inputs: ['input.1'],
    buildMs,
  });
}

const request: RemoteProfileRequest = {
  files: [{ localPath: path.join(onnxDir, 'squeezenet_op9.full.onnx'), remoteName: 'squeezenet.onnx' }],
  choices: {
    shapes: { 'input.1': { min: [1, 3, 224, 224], opt: [32, 3, 224, 224], max: [32, 3, 224, 224] } },
    precision: 'fp16',
    iterations: 10,
  },
};

const squeue = () =>
  execFileSync('squeue', ['-h', '-o', '%i %T'], { env: { ...process.env, ...slurm.env }, encoding: 'utf8' }).trim();
const jobState = (id: string) => /JobState=(\S+)/.exec(slurm.scontrol('show', 'job', '-o', id))?.[1];

test('submit: sbatch, follow, stream the output file, collect and parse; the second run reuses the upload', async () => {
  const lines: string[] = [];
  const states: SlurmJobStatus[] = [];
  const result = await runSlurmProfile(target(), request, {
    onLog: (l) => lines.push(l),
    onJob: (s) => states.push(s),
  });
  assert.equal(result.slurm.state, 'COMPLETED');
  assert.equal(result.slurm.node, 'mrnode');
  assert.equal(jobState(result.slurm.jobId), 'COMPLETED', 'the controller agrees');
  assert.ok(result.run.summary.throughputQps! > 0, 'the recorded performance summary was parsed');
  assert.ok(result.run.layers.length > 0, 'the exported layer profile was collected');
  assert.ok(
    lines.some((l) => l.includes('=== Performance summary ===')),
    'the job output was streamed',
  );
  assert.ok(states.some((s) => s.state === 'COMPLETED'));
  assert.equal(result.uploadSkipped, false);
  const again = await runSlurmProfile(target(), request);
  assert.equal(again.uploadSkipped, true, 'the model is uploaded once through the content-hash cache');
  assert.notEqual(again.slurm.jobId, result.slurm.jobId);
  assert.deepEqual(fs.readdirSync(path.join(sshd.dir, 'shared fs', 'runs')), [], 'run folders are removed');
});

test('queue wait: a job behind a blocker waits PENDING with its reason, then runs; the wait is reported', async () => {
  // The blocker holds both CPUs until our job has been seen pending (plus a second), whatever the machine's load.
  const release = path.join(sshd.dir, 'release-blocker');
  const hold = `for i in $(seq 600); do [ -e '${release}' ] && break; sleep 0.1; done; sleep 1`;
  const blocker = execFileSync('sbatch', ['--parsable', '-c', '2', '--output=/dev/null', '--wrap', hold], {
    env: { ...process.env, ...slurm.env },
    encoding: 'utf8',
  }).trim();
  const states: SlurmJobStatus[] = [];
  const result = await runSlurmProfile(target(), request, {
    onJob: (s) => {
      states.push(s);
      // Slurm gives a pending job its reason at its next scheduling pass; the first poll can see none yet.
      if (s.state === 'PENDING' && s.reason) fs.writeFileSync(release, '');
    },
  });
  const pending = states.find((s) => s.state === 'PENDING' && s.reason);
  assert.ok(pending, `the job was seen pending: ${JSON.stringify(states)}`);
  assert.match(pending.reason ?? '', /Resources|Priority/);
  assert.ok(result.slurm.queueWaitS! >= 1, `queue wait ${result.slurm.queueWaitS} s`);
  assert.equal(jobState(blocker), 'COMPLETED');
});

test('cancel: aborting while the job runs scancels it and reports a cancel, not a result', async () => {
  const controller = new AbortController();
  let jobId = '';
  await assert.rejects(
    runSlurmProfile(target(slowDouble('slow-cancel', 30000)), request, {
      signal: controller.signal,
      onJob: (s) => {
        jobId = s.jobId;
        if (s.state === 'RUNNING') controller.abort();
      },
    }),
    ProfileCancelledError,
  );
  assert.equal(jobState(jobId), 'CANCELLED');
  assert.equal(squeue(), '', 'nothing left in the queue');
});

test('time limit: a job killed by its time limit is a failure naming the limit', { timeout: 180000 }, async () => {
  await assert.rejects(
    runSlurmProfile(target(slowDouble('slow-timeout', 170000), { timeLimit: '1' }), request),
    (err: Error) => err instanceof RemoteRunError && /killed by its time limit on mrnode/.test(err.message),
  );
});

test(
  'node failure: slurmd stopped mid-run ends the job NODE_FAIL, reported as a node failure',
  { timeout: 150000 },
  async () => {
    const trtexec = slowDouble('slow-node', 120000);
    // slurmctld sets the node DOWN ~16 s after slurmd stops (MessageTimeout=5 in the harness). Past 100 s the run is
    // aborted, so a controller that never notices fails this test with what it saw instead of hanging the file.
    const deadline = AbortSignal.timeout(100000);
    const states: string[] = [];
    try {
      await assert.rejects(
        runSlurmProfile(target(trtexec), request, {
          signal: deadline,
          onJob: (s) => {
            states.push(`${s.state}${s.reason ? ` (${s.reason})` : ''}`);
            if (s.state === 'RUNNING') void slurm.stopNode();
          },
        }),
        (err: Error) => {
          assert.ok(
            err instanceof RemoteRunError && /node.*stopped responding/.test(err.message),
            `${err.message}\njob states seen: ${states.join(' → ')}\nnode: ${slurm.scontrol('show', 'node', 'mrnode', '-o')}\n${slurm.logs()}`,
          );
          return true;
        },
      );
    } finally {
      // The job's processes outlive slurmd: stop them, then bring the node back for the next test.
      const pidFile = path.join(path.dirname(trtexec), 'pids.json');
      const pids = fs.existsSync(pidFile) ? JSON.parse(fs.readFileSync(pidFile, 'utf8')) : {};
      for (const pid of [pids.pid, pids.childPid])
        if (pid)
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
      await slurm.startNode();
    }
  },
);
