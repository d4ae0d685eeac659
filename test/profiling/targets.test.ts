// The other two targets: trtexec inside a pinned container image (over SSH against the real sshd, with a `docker`
// double on the host's PATH that checks its argv and runs the trtexec double in the container's place), and the local
// target (trtexec on this machine, spawned from an argv array; the trtexec double is on PATH).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJson, sharedRoot, trexRoot } from './corpus';
import { installDockerDouble, installTrtexecDouble, isAlive, startSshd, type SshdHandle } from './ssh-harness';
import { runRemoteProfile, ProfileCancelledError, type RemoteProfileRequest } from '../../server/profiling/remote-run';
import { runLocalProfile } from '../../server/profiling/local-run';
import { checkPinnedImage, ContainerImageError } from '../../server/config/container-image';
import { containerArgs } from '../../server/profiling/container-command';
import { quoteShellCommand } from '../../server/profiling/shell-quote';

const IMAGE = 'nvcr.io/nvidia/tensorrt:25.01-py3';
const onnxDir = path.join(sharedRoot, 'corpus/onnx/exported');
const replay = readJson(
  path.join(trexRoot, 'examples/pytorch/resnet/A100/fp16/resnet.onnx.engine.profile.metadata.json'),
).performance_summary;
let sshd: SshdHandle;
let hostBin: string;

before(async () => {
  hostBin = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-host bin-'));
  sshd = await startSshd({ pathPrefix: [hostBin] });
  // The image's trtexec is the double; the host itself has only docker (the double) on its PATH.
  const trtexec = installTrtexecDouble(path.join(hostBin, 'image'), {
    version: '10.8.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inputs: ['input.1'],
  });
  installDockerDouble(hostBin, { image: IMAGE, trtexec });
});
after(async () => {
  await sshd?.stop();
  fs.rmSync(hostBin, { recursive: true, force: true });
});

const request: RemoteProfileRequest = {
  files: [{ localPath: path.join(onnxDir, 'squeezenet_op9.full.onnx'), remoteName: 'squeeze net.onnx' }],
  choices: {
    shapes: { 'input.1': { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [16, 3, 224, 224] } },
    precision: 'fp16',
    iterations: 10,
    useTimingCache: true,
  },
};

test('image references must be pinned; docker argv is built for the tested quoter', () => {
  for (const ok of [
    IMAGE,
    'tensorrt:10.8',
    'registry.local:5000/team/trt:v1',
    `nvcr.io/nvidia/tensorrt@sha256:${'a'.repeat(64)}`,
  ])
    checkPinnedImage(ok);
  for (const bad of ['nvcr.io/nvidia/tensorrt', 'tensorrt:latest', '--privileged', 'x;rm -rf /:1', 'UPPER/case:1'])
    assert.throws(() => checkPinnedImage(bad), ContainerImageError, bad);
  const argv = containerArgs({ image: IMAGE, mounts: ['/w/my dir', '/w/my dir'], user: '1000:1000' }, [
    'trtexec',
    "--onnx=/w/my dir/it's.onnx",
  ]);
  assert.deepEqual(argv, [
    'docker',
    'run',
    '--rm',
    '--gpus',
    'all',
    '--user',
    '1000:1000',
    '-v',
    '/w/my dir:/w/my dir',
    IMAGE,
    'trtexec',
    "--onnx=/w/my dir/it's.onnx",
  ]);
  assert.equal(
    quoteShellCommand(argv),
    `docker run --rm --gpus all --user 1000:1000 -v '/w/my dir:/w/my dir' ${IMAGE} trtexec '--onnx=/w/my dir/it'\\''s.onnx'`,
  );
  assert.throws(() => containerArgs({ image: IMAGE, mounts: ['relative'] }, ['trtexec']), /absolute/);
  assert.throws(() => containerArgs({ image: IMAGE, mounts: ['/a:b'] }, ['trtexec']), /':'/);
});

test('container target over SSH: docker run with the pinned image, the work folder mounted, results parsed', async () => {
  const workDir = path.join(sshd.dir, 'container work');
  const result = await runRemoteProfile(
    {
      host: '127.0.0.1',
      port: sshd.port,
      username: 'root',
      identityFile: sshd.clientKey,
      knownHostsFile: sshd.knownHosts,
      workDir,
      containerImage: IMAGE,
    },
    request,
  );
  const dockerArgv: string[] = readJson(path.join(hostBin, 'docker-argv.json'));
  const real = fs.realpathSync(workDir);
  assert.deepEqual(dockerArgv.slice(0, 10), [
    'run',
    '--rm',
    '--gpus',
    'all',
    '--user',
    `${process.getuid!()}:${process.getgid!()}`,
    '-v',
    `${real}:${real}`,
    IMAGE,
    'trtexec',
  ]);
  assert.deepEqual(result.trtexecArgs.slice(0, 11), ['docker', ...dockerArgv.slice(0, 10)]);
  const trtexecArgv: string[] = readJson(path.join(hostBin, 'image', 'argv.json'));
  assert.deepEqual(trtexecArgv, dockerArgv.slice(10));
  assert.ok(trtexecArgv.includes(`--onnx=${real}/models/${path.basename(result.remoteModelDir)}/squeeze net.onnx`));
  assert.ok(trtexecArgv.includes('--fp16') && trtexecArgv.includes(`--timingCacheFile=${real}/timing.cache`));
  assert.equal(result.tensorrtVersion, '10.8.0');
  assert.equal(result.run.summary.throughputQps, replay.Throughput);
  assert.ok(result.latencySamplesMs && result.latencySamplesMs.length > 0);
  assert.deepEqual(
    fs.readdirSync(path.join(workDir, 'runs')),
    [],
    'run folder removed (files written as the SSH user)',
  );
});

test('container target: an unpinned image is refused before anything runs; a wrong image is a clear error', async () => {
  const base = {
    host: '127.0.0.1',
    port: sshd.port,
    username: 'root',
    identityFile: sshd.clientKey,
    knownHostsFile: sshd.knownHosts,
    workDir: path.join(sshd.dir, 'w2'),
  };
  fs.rmSync(path.join(hostBin, 'docker-argv.json'), { force: true });
  await assert.rejects(
    runRemoteProfile({ ...base, containerImage: 'nvcr.io/nvidia/tensorrt:latest' }, request),
    /pinned/,
  );
  assert.ok(!fs.existsSync(path.join(hostBin, 'docker-argv.json')), 'docker never ran');
  await assert.rejects(
    runRemoteProfile({ ...base, containerImage: 'nvcr.io/nvidia/tensorrt:24.01-py3' }, request),
    /printed no trtexec banner or options \(exit 125: docker: Unable to find image 'nvcr\.io\/nvidia\/tensorrt:24\.01-py3'/,
  );
});

test('local target: trtexec from PATH spawned with an argv array; names with spaces and quotes intact; nothing left behind', async () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-local bin-'));
  const savedPath = process.env.PATH;
  try {
    installTrtexecDouble(bin, {
      version: '10.13.0',
      corpusRun: 'examples/pytorch/resnet/A100/fp16',
      prefix: 'resnet.onnx.engine',
      inputs: ['input.1'],
    });
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), `mr model "x" $HOME;`));
    const model = path.join(modelDir, `it's a model.onnx`);
    fs.copyFileSync(path.join(onnxDir, 'squeezenet_op9.full.onnx'), model);
    const workDir = path.join(modelDir, 'work');
    const phases: string[] = [];
    const lines: string[] = [];
    const result = await runLocalProfile(
      { workDir },
      { ...request, files: [{ localPath: model, remoteName: 'unused' }] },
      { onPhase: (p) => phases.push(p), onLog: (l) => lines.push(l) },
    );
    assert.deepEqual(phases, ['build-engine', 'inference', 'collect-results']);
    assert.ok(lines.some((l) => l.includes('=== Performance summary ===')));
    const argv: string[] = readJson(path.join(bin, 'argv.json'));
    assert.ok(argv.includes(`--onnx=${model}`));
    assert.equal(result.bytesUploaded, 0);
    assert.equal(result.run.summary.gpuCompute!.medianMs, replay['GPU Compute Time'][3]);
    assert.deepEqual(fs.readdirSync(path.join(workDir, 'runs')), []);
    fs.rmSync(modelDir, { recursive: true, force: true });
  } finally {
    process.env.PATH = savedPath;
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

test('local target: cancel kills trtexec and its process group; a missing trtexec is a clear error', async () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-local-slow-'));
  try {
    const trtexecPath = installTrtexecDouble(bin, {
      version: '10.13.0',
      corpusRun: 'examples/pytorch/resnet/A100/fp16',
      prefix: 'resnet.onnx.engine',
      buildMs: 60000,
    });
    const controller = new AbortController();
    const started = Date.now();
    await assert.rejects(
      runLocalProfile({ trtexecPath, workDir: path.join(bin, 'work') }, request, {
        signal: controller.signal,
        onLog: (l) => l.includes('Start parsing network model') && controller.abort(),
      }),
      ProfileCancelledError,
    );
    assert.ok(Date.now() - started < 15000);
    const pids = readJson(path.join(bin, 'pids.json'));
    for (let i = 0; i < 30 && (isAlive(pids.pid) || isAlive(pids.childPid)); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(isAlive(pids.pid), false, 'trtexec double killed');
    assert.equal(isAlive(pids.childPid), false, 'its child in the same group killed');
    await assert.rejects(
      runLocalProfile({ trtexecPath: path.join(bin, 'no such trtexec'), workDir: path.join(bin, 'work') }, request),
      /not found on this machine/,
    );
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});
