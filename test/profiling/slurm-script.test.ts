// sbatch argv and batch script: values checked or quoted, hostile ones refused, container wrappers as argv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { batchScript, sbatchArgs, SlurmOptionError, wrapForNode } from '../../server/profiling/slurm-script';
import { parseScontrolJobs, parseSacct } from '../../server/profiling/slurm-status';

test('sbatch argv: partition, GRES gpu:<type>:1, account, time, array with a concurrency limit', () => {
  const args = sbatchArgs(
    { partition: 'gpu', gpuType: 'h100', account: 'ml', timeLimit: '0:30:00' },
    '/w/job.sh',
    '/w/out-%a',
    {
      size: 8,
      concurrency: 2,
    },
  );
  for (const want of ['--partition=gpu', '--gres=gpu:h100:1', '--account=ml', '--time=0:30:00', '--array=0-7%2'])
    assert.ok(args.includes(want), want);
  assert.equal(args.at(-1), '/w/job.sh');
  assert.ok(!sbatchArgs({ gpus: 0 }, '/s', '/o').some((a) => a.startsWith('--gres')), 'gpus: 0 leaves GRES out');
});

test('hostile option values are refused before anything reaches a shell', () => {
  assert.throws(() => sbatchArgs({ partition: 'gpu;rm -rf /' }, '/s', '/o'), SlurmOptionError);
  assert.throws(() => sbatchArgs({ timeLimit: '1 --wrap=x' }, '/s', '/o'), SlurmOptionError);
  assert.throws(() => sbatchArgs({ containerImage: 'nvcr.io/nvidia/tensorrt:latest' }, '/s', '/o'));
});

test('the batch script runs exactly the quoted argv of its cell, hostile path included', () => {
  const hostile = "/w/it's $(touch /tmp/pwned) `x`.onnx";
  const script = batchScript([
    ['printf', '%s\\n', hostile],
    ['printf', '%s\\n', 'cell 1'],
  ]);
  const run = (index: string) =>
    execFileSync('sh', ['-c', script], { env: { ...process.env, SLURM_ARRAY_TASK_ID: index }, encoding: 'utf8' });
  assert.equal(run('0'), `${hostile}\n`);
  assert.equal(run('1'), 'cell 1\n');
});

test('container wrappers: pyxis srun --container-image, apptainer exec --nv with binds', () => {
  const argv = ['trtexec', '--onnx=/w/m.onnx'];
  assert.deepEqual(wrapForNode({ containerImage: 'nvcr.io/nvidia/tensorrt:25.01-py3' }, argv, ['/w']), [
    'srun',
    '--container-image=nvcr.io/nvidia/tensorrt:25.01-py3',
    '--container-mounts=/w',
    ...argv,
  ]);
  assert.deepEqual(wrapForNode({ containerImage: '/img/trt.sif', containerRuntime: 'apptainer' }, argv, ['/w']), [
    'apptainer',
    'exec',
    '--nv',
    '--bind',
    '/w',
    '/img/trt.sif',
    ...argv,
  ]);
});

test('status parsers: a pending array line expands to its cells; sacct skips steps', () => {
  const jobs = parseScontrolJobs(
    'JobId=7 ArrayJobId=7 ArrayTaskId=2-3%2 JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0 NodeList=(null)\n',
  );
  assert.deepEqual([...jobs.keys()], ['7_2', '7_3']);
  assert.equal(jobs.get('7_3')?.reason, 'JobArrayTaskLimit');
  const acct = parseSacct(
    '9|TIMEOUT|0:15|n1|2026-01-01T00:00:00|2026-01-01T00:00:04|x\n9.batch|CANCELLED|0:15|n1|||\n',
  );
  assert.deepEqual([...acct.keys()], ['9']);
  assert.equal(acct.get('9')?.state, 'TIMEOUT');
  assert.equal(acct.get('9')?.signal, 15);
});
