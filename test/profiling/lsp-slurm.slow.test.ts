// A `kind: slurm` host in .modelready.json, profiled through the built language server's profiling requests (the
// palette's path): the run goes to the real loopback Slurm 22.05 cluster (slurm-harness.ts) as a batch job over the
// real sshd, trtexec on the node being the double replaying a recorded run; the result names the job and the node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type {
  ProfileHostsResult,
  ProfileResultParams,
  ProfileStartResult,
  RunsListResult,
} from '../../server/contract/profiling';
import { scratchDir } from '../support/paths';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { readJson, sharedRoot, trexRoot } from './corpus';
import { installTrtexecDouble, startSshd, type SshdHandle } from './ssh-harness';
import { startSlurm, type SlurmHandle } from './slurm-harness';

let sshd: SshdHandle;
let slurm: SlurmHandle;
let client: LspClient;
let model: string;
let trtexec: string;
const storageDir = scratchDir('lsp-slurm-storage');

before(async () => {
  slurm = await startSlurm();
  sshd = await startSshd({ env: slurm.env });
  trtexec = installTrtexecDouble(path.join(sshd.dir, 'node-bin'), {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inputs: ['data'],
  });
  const root = scratchDir('lsp-slurm');
  model = path.join(root, 'squeezenet.onnx');
  fs.copyFileSync(path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'), model);
  const login = {
    kind: 'slurm',
    host: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    identityFile: sshd.clientKey,
    knownHostsFile: sshd.knownHosts,
    trtexecPath: trtexec,
    workDir: path.join(sshd.dir, 'shared fs'),
  };
  fs.writeFileSync(
    path.join(root, '.modelready.json'),
    JSON.stringify({
      profiles: {
        'squeezenet.onnx': { data: { min: [1, 3, 224, 224], opt: [4, 3, 224, 224], max: [8, 3, 224, 224] } },
      },
      hosts: {
        cluster: { ...login, slurm: { partition: 'gpu', gpus: 0, timeLimit: '5' } },
        'no such partition': { ...login, slurm: { partition: 'nope', gpus: 0 } },
      },
    }),
  );
  client = LspClient.start();
  await client.initialize(root, {}, { workspaceTrusted: true, profiling: { storageDir } });
});

after(async () => {
  const code = await client?.stop();
  await sshd?.stop();
  await slurm?.stop();
  assert.equal(code, 0, `server exit code (stderr: ${client?.stderr})`);
});

async function resultOf(runId: string): Promise<ProfileResultParams> {
  const deadline = Date.now() + 60000;
  for (;;) {
    const hit = client.notifications.find(
      (n) => n.method === 'modelready/profile/result' && (n.params as ProfileResultParams).runId === runId,
    );
    if (hit) return hit.params as ProfileResultParams;
    if (Date.now() > deadline) throw new Error(`no result for ${runId}; stderr: ${client.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hostNamed = async (name: string) =>
  (
    await client.connection.sendRequest<ProfileHostsResult>('modelready/profile/hosts', { uri: uriOf(model) })
  ).configured.find((h) => h.name === name)!;

test('a palette run on a kind: slurm host is a batch job on the cluster; the result names the job and node', async () => {
  const cluster = await hostNamed('cluster');
  assert.equal(cluster.kind, 'slurm');
  const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
    modelUri: uriOf(model),
    host: cluster,
    choices: { precision: 'fp16', iterations: 10 },
  });
  assert.ok(start.ok, JSON.stringify(start));
  const result = await resultOf(start.runId);
  assert.ok(result.ok, JSON.stringify(result));
  assert.ok(result.slurm, 'the result carries the Slurm job');
  assert.equal(result.slurm.node, 'mrnode');
  // The controller knows this job: submitted by sbatch with our job name, the time limit of the host entry, done.
  const job = slurm.scontrol('show', 'job', '-o', result.slurm.jobId);
  assert.match(job, /JobName=modelready-trtexec /);
  assert.match(job, /JobState=COMPLETED /);
  assert.match(job, /Partition=gpu /);
  assert.match(job, /TimeLimit=00:05:00 /);
  const replayed = readJson(
    path.join(trexRoot, 'examples/pytorch/resnet/A100/fp16/resnet.onnx.engine.profile.metadata.json'),
  );
  assert.equal(result.run.summary.throughputQps, replayed.performance_summary.Throughput);
  // The job ran the trtexec double with the choices and the profile of .modelready.json.
  const argv: string[] = readJson(path.join(path.dirname(trtexec), 'argv.json'));
  assert.ok(argv.includes('--fp16') && argv.includes('--maxShapes=data:8x3x224x224'), argv.join(' '));
  const list = await client.connection.sendRequest<RunsListResult>('modelready/runs/list', { modelUri: uriOf(model) });
  assert.deepEqual(
    list.runs.map((r) => r.id),
    [result.storedRunId],
  );
  assert.match(list.runs[0].label, /^cluster · fp16 · TensorRT 10\.13\.0$/);
});

test('sbatch refusing the job (unknown partition) is a failed run quoting Slurm', async () => {
  const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
    modelUri: uriOf(model),
    host: await hostNamed('no such partition'),
    choices: {},
  });
  assert.ok(start.ok);
  const result = await resultOf(start.runId);
  assert.ok(!result.ok && result.kind === 'trtexec-failed', JSON.stringify(result));
  assert.match(result.message, /sbatch on .* refused the job: .*invalid partition/i);
});

test('a host entry from the client with a Slurm option that would reach the shell is refused before anything runs', async () => {
  const cluster = await hostNamed('cluster');
  const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
    modelUri: uriOf(model),
    host: { ...cluster, slurm: { partition: 'gpu --wrap=id' } },
    choices: {},
  });
  assert.ok(!start.ok && /hosts\.cluster\.slurm.*partition/.test(start.message), JSON.stringify(start));
});
