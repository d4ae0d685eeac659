// The whole remote flow against a real OpenSSH server on loopback, with the trtexec test double as the GPU host's
// trtexec: host key checks, upload by content hash, streaming, cancel, dropped connections, hostile names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ProfilePhase } from '../../server/contract/profiling';
import { readJson, sharedRoot, trexRoot } from './corpus';
import {
  installTrtexecDouble,
  isAlive,
  sshTargetOf,
  startCuttableProxy,
  startSshd,
  type SshdHandle,
} from './ssh-harness';
import {
  runRemoteProfile,
  ProfileCancelledError,
  type ProfileTarget,
  type RemoteProfileRequest,
} from '../../server/profiling/remote-run';
import { HostKeyError, ConnectionLostError, SshConnection, SshError } from '../../server/profiling/ssh-connection';
import { acceptHostKey } from '../../server/profiling/known-hosts';
import { TrtexecCommandError, type TrtexecCapabilities } from '../../server/profiling/trtexec-command';

let sshd: SshdHandle;
const onnxDir = path.join(sharedRoot, 'corpus/onnx/exported');
const replayDir = path.join(trexRoot, 'examples/pytorch/resnet/A100/fp16');

before(async () => {
  sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

const target = (extra: Partial<ProfileTarget> = {}): ProfileTarget =>
  sshTargetOf(sshd, { workDir: path.join(sshd.dir, 'remote work'), ...extra });

const request: RemoteProfileRequest = {
  files: [{ localPath: path.join(onnxDir, 'squeezenet_op9.full.onnx'), remoteName: 'squeezenet.onnx' }],
  choices: {
    shapes: { 'input.1': { min: [1, 3, 224, 224], opt: [32, 3, 224, 224], max: [32, 3, 224, 224] } },
    precision: 'fp16',
    iterations: 10,
    warmUpMs: 200,
    useTimingCache: true,
    saveEngine: true,
  },
};

test('full flow: verify hashed host key, upload, build, infer, stream, collect, parse, map; second run uploads 0 bytes', async () => {
  const phases: ProfilePhase[] = [];
  const lines: string[] = [];
  const cache = new Map<string, TrtexecCapabilities>();
  const result = await runRemoteProfile(target(), request, {
    onPhase: (p) => phases.push(p),
    onLog: (l) => lines.push(l),
    capabilityCache: cache,
  });
  assert.deepEqual(phases, ['connect', 'upload', 'build-engine', 'inference', 'collect-results']);
  assert.equal(result.bytesUploaded, fs.statSync(request.files[0].localPath).size);
  assert.equal(result.uploadSkipped, false);
  assert.equal(result.tensorrtVersion, '10.13.0');
  assert.ok(
    lines.some((l) => l.includes('=== Performance summary ===')),
    'log lines were streamed',
  );
  assert.ok(!lines.some((l) => l.includes('__MODELREADY_PGID__')), 'the process-group marker is not shown as log');

  // Figures come from the replayed corpus run.
  const meta = readJson(path.join(replayDir, 'resnet.onnx.engine.profile.metadata.json')).performance_summary;
  const profile = readJson(path.join(replayDir, 'resnet.onnx.engine.profile.json'));
  assert.equal(result.run.summary.throughputQps, meta.Throughput);
  assert.equal(result.run.summary.gpuCompute!.medianMs, meta['GPU Compute Time'][3]);
  assert.equal(
    result.run.summary.timedInferences,
    readJson(path.join(replayDir, 'resnet.onnx.engine.timing.json')).length,
  );
  assert.deepEqual(
    result.run.layers.map((l) => l.name),
    profile.slice(1).map((r: { name: string }) => r.name),
  );
  assert.deepEqual(result.run.layers.find((l) => l.name === 'Conv_0 + Relu_1')!.onnxNodes, ['Conv_0', 'Relu_1']);

  // The double saw exactly the flags a TensorRT 10 trtexec should get.
  const argv: string[] = readJson(path.join(path.dirname(sshd.trtexecPath), 'argv.json'));
  assert.ok(argv.includes('--fp16') && argv.includes('--useCudaGraph') && argv.includes('--separateProfileRun'));
  assert.ok(argv.includes('--minShapes=input.1:1x3x224x224'));
  assert.ok(argv.some((a) => a.startsWith('--timingCacheFile=') && a.includes('remote work')));
  const engineArg = argv.find((a) => a.startsWith('--saveEngine='))!.slice('--saveEngine='.length);
  assert.ok(fs.existsSync(engineArg), 'engine kept beside the uploaded model for reuse');
  // Remote temp files are gone: only the model folders remain.
  assert.deepEqual(fs.readdirSync(path.join(sshd.dir, 'remote work', 'runs')), []);

  const again = await runRemoteProfile(target(), request, { capabilityCache: cache });
  assert.equal(again.bytesUploaded, 0);
  assert.equal(again.uploadSkipped, true);
  const helpCalls = fs
    .readFileSync(path.join(path.dirname(sshd.trtexecPath), 'calls.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('--help'));
  assert.equal(helpCalls.length, 1, 'trtexec --help is asked once per host');
});

test('hostile file and input names go through the remote shell unharmed', async () => {
  const local = fs.mkdtempSync(path.join(sshd.dir, 'local-'));
  const hostile = `my model 'v2' "$HOME" ;rm -rf x; \`id\`\nline2.onnx`;
  const dataName = `weights $(touch pwned) ;.data`;
  fs.copyFileSync(path.join(onnxDir, 'mobilenet_v3_small_op13.onnx'), path.join(local, 'model.onnx'));
  // The corpus leaves external data out on purpose; these stand-in bytes only exercise the upload of a second file.
  fs.writeFileSync(path.join(local, 'weights.bin'), Buffer.alloc(4096, 7));
  const doubleDir = path.join(sshd.dir, 'hostile host', 'bin $x');
  const inputName = `pixel values; "quoted" $PATH:0`;
  const trtexecPath = installTrtexecDouble(doubleDir, {
    version: '10.13.0',
    corpusRun: 'tests/inputs',
    prefix: 'mobilenet.qat.onnx.engine',
    inputs: [inputName],
  });
  const result = await runRemoteProfile(target({ trtexecPath, workDir: path.join(sshd.dir, `work "dir" $HOME`) }), {
    files: [
      { localPath: path.join(local, 'model.onnx'), remoteName: hostile },
      { localPath: path.join(local, 'weights.bin'), remoteName: dataName },
    ],
    // The recorded mobilenet run has no --exportTimes file to replay.
    choices: {
      shapes: { [inputName]: { min: [1, 3, 224, 224], opt: [4, 3, 224, 224], max: [8, 3, 224, 224] } },
      exportTimes: false,
    },
  });
  assert.equal(result.bytesUploaded, fs.statSync(path.join(local, 'model.onnx')).size + 4096);
  const argv: string[] = readJson(path.join(doubleDir, 'argv.json'));
  const onnxArg = argv.find((a) => a.startsWith('--onnx='))!.slice('--onnx='.length);
  assert.equal(path.basename(onnxArg), hostile);
  assert.deepEqual(fs.readFileSync(onnxArg), fs.readFileSync(path.join(local, 'model.onnx')));
  assert.ok(fs.existsSync(path.join(path.dirname(onnxArg), dataName)));
  assert.ok(argv.includes(`--optShapes='${inputName}':4x3x224x224`));
  assert.ok(
    !fs.existsSync(path.join('/root', 'pwned')) && !fs.existsSync(path.join(sshd.dir, 'pwned')),
    'no command substitution ran',
  );
  assert.equal(
    result.run.summary.throughputQps,
    readJson(path.join(trexRoot, 'tests/inputs/mobilenet.qat.onnx.engine.profile.metadata.json')).performance_summary
      .Throughput,
  );
});

test('TensorRT 11 host: defaults not passed, --fp16 refused before running', async () => {
  const doubleDir = path.join(sshd.dir, 'trt11', 'bin');
  const trtexecPath = installTrtexecDouble(doubleDir, {
    version: '11.0.0',
    corpusRun: 'tests/inputs',
    prefix: 'mobilenet.qat.onnx.engine',
  });
  await assert.rejects(
    runRemoteProfile(target({ trtexecPath }), request),
    (e: Error) => e instanceof TrtexecCommandError && /11\.0\.0 removed --fp16/.test(e.message),
  );
  const result = await runRemoteProfile(target({ trtexecPath }), {
    ...request,
    choices: { iterations: 10, exportTimes: false },
  });
  const argv: string[] = readJson(path.join(doubleDir, 'argv.json'));
  for (const flag of ['--fp16', '--useCudaGraph', '--noDataTransfers', '--useSpinWait', '--separateProfileRun'])
    assert.ok(!argv.includes(flag), flag);
  assert.ok(argv.includes('--profilingVerbosity=detailed'));
  assert.equal(result.tensorrtVersion, '11.0.0');
});

test('unknown host key: error carries the SHA256 fingerprint ssh-keygen shows; accepting it lets the next connect in', async () => {
  const knownHostsFile = path.join(sshd.dir, 'empty_known_hosts');
  fs.writeFileSync(knownHostsFile, '');
  const expected = execFileSync('ssh-keygen', ['-lf', path.join(sshd.dir, 'host_ed25519.pub')], {
    encoding: 'utf8',
  }).split(' ')[1];
  const err = await SshConnection.connect(target({ knownHostsFile })).then(
    () => undefined,
    (e) => e,
  );
  assert.ok(err instanceof HostKeyError);
  assert.equal(err.verdict.status, 'unknown');
  assert.equal(err.verdict.fingerprint, expected);
  assert.match(err.message, new RegExp(expected.replace(/[+/]/g, '\\$&')));
  await acceptHostKey(knownHostsFile, '127.0.0.1', sshd.port, err.key);
  assert.match(fs.readFileSync(knownHostsFile, 'utf8'), /^\|1\|/);
  const conn = await SshConnection.connect(target({ knownHostsFile }));
  conn.close();
});

test('changed host key is refused; key-less and wrong-key logins fail clearly', async () => {
  const other = path.join(sshd.dir, 'other_host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const knownHostsFile = path.join(sshd.dir, 'changed_known_hosts');
  fs.writeFileSync(knownHostsFile, `[127.0.0.1]:${sshd.port} ${fs.readFileSync(`${other}.pub`, 'utf8')}`);
  await assert.rejects(
    SshConnection.connect(target({ knownHostsFile })),
    (e: Error) => e instanceof HostKeyError && e.verdict.status === 'changed' && /refusing to connect/.test(e.message),
  );
  await assert.rejects(
    SshConnection.connect(target({ identityFile: other })),
    (e: Error) => e instanceof SshError && /authentication failed/.test(e.message),
  );
  const savedAgent = process.env.SSH_AUTH_SOCK;
  delete process.env.SSH_AUTH_SOCK;
  try {
    await assert.rejects(
      SshConnection.connect(target({ identityFile: undefined })),
      /no identity file configured for 127\.0\.0\.1 and no SSH agent/,
    );
  } finally {
    if (savedAgent !== undefined) process.env.SSH_AUTH_SOCK = savedAgent;
  }
  await assert.rejects(
    SshConnection.connect(target({ identityFile: path.join(sshd.dir, 'no such key') })),
    /cannot read identity file .*no such key \(ENOENT\)/,
  );
});

test('cancel during the engine build kills the remote process group and cleans the run folder', async () => {
  const doubleDir = path.join(sshd.dir, 'slow', 'bin');
  const trtexecPath = installTrtexecDouble(doubleDir, {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    buildMs: 60000,
  });
  const controller = new AbortController();
  const workDir = path.join(sshd.dir, 'cancel work');
  let abortedAt = 0;
  const pending = runRemoteProfile(target({ trtexecPath, workDir }), request, {
    signal: controller.signal,
    onLog: (line) => {
      if (!line.includes('Start parsing network model')) return;
      abortedAt = Date.now();
      controller.abort();
    },
  });
  await assert.rejects(pending, ProfileCancelledError);
  // Measured from the cancel, not from the start (connect and upload take long on a loaded machine): the build
  // alone would run 60 s.
  assert.ok(abortedAt > 0 && Date.now() - abortedAt < 15000, 'cancel returns promptly');
  const pids = readJson(path.join(doubleDir, 'pids.json'));
  assert.equal(isAlive(pids.pid), false, 'trtexec double killed');
  assert.ok(pids.childPid > 0);
  assert.equal(isAlive(pids.childPid), false, 'its child in the same process group killed');
  assert.deepEqual(fs.readdirSync(path.join(workDir, 'runs')), []);
});

test('cancel during the upload stops it at once; nothing is marked complete', async () => {
  const big = {
    files: [{ localPath: path.join(onnxDir, 'mobilenet_v3_small_op13.full.onnx'), remoteName: 'mobilenet.onnx' }],
    choices: {},
  };
  const size = fs.statSync(big.files[0].localPath).size;
  const workDir = path.join(sshd.dir, 'cancel upload work');
  const controller = new AbortController();
  let abortedAt = 0;
  await assert.rejects(
    runRemoteProfile(target({ workDir }), big, {
      signal: controller.signal,
      onUploadProgress: (sent) => {
        if (!abortedAt && sent > size / 4) {
          abortedAt = sent;
          controller.abort();
        }
      },
    }),
    ProfileCancelledError,
  );
  assert.ok(abortedAt > 0 && abortedAt < size);
  const [modelDir] = fs.readdirSync(path.join(workDir, 'models'));
  assert.ok(!fs.existsSync(path.join(workDir, 'models', modelDir, '.complete')));
});

test('connection cut mid-upload: clear error, folder not marked complete, next run uploads everything', async () => {
  const proxy = await startCuttableProxy(sshd.port);
  const big = {
    files: [{ localPath: path.join(onnxDir, 'llama_tiny_op17.full.onnx'), remoteName: 'llama.onnx' }],
    choices: {},
  };
  const size = fs.statSync(big.files[0].localPath).size;
  const workDir = path.join(sshd.dir, 'cut work');
  const t = target({ port: proxy.port, knownHostsFile: sshd.knownHosts, workDir });
  // known_hosts names the real port; the relay's port needs its own entry for the same key.
  const knownHostsFile = path.join(sshd.dir, 'proxy_known_hosts');
  fs.writeFileSync(knownHostsFile, '');
  await acceptHostKey(knownHostsFile, '127.0.0.1', proxy.port, sshd.hostKeyBlob);
  t.knownHostsFile = knownHostsFile;
  let cutAt = 0;
  await assert.rejects(
    runRemoteProfile(t, big, {
      onUploadProgress: (sent) => {
        if (!cutAt && sent > size / 4) {
          cutAt = sent;
          proxy.cut();
        }
      },
    }),
    (e: Error) => e instanceof ConnectionLostError && /lost .*while uploading llama\.onnx/.test(e.message),
  );
  assert.ok(cutAt > 0 && cutAt < size);
  const modelDirs = fs.readdirSync(path.join(workDir, 'models'));
  assert.equal(modelDirs.length, 1);
  assert.ok(
    !fs.existsSync(path.join(workDir, 'models', modelDirs[0], '.complete')),
    'a cut-short upload is not marked complete',
  );
  assert.ok(
    !fs.existsSync(path.join(workDir, 'models', modelDirs[0], 'llama.onnx')),
    'no half file under the final name',
  );

  const retry = await runRemoteProfile(t, big);
  assert.equal(retry.bytesUploaded, size);
  assert.deepEqual(
    fs.readFileSync(path.join(retry.remoteModelDir, 'llama.onnx')),
    fs.readFileSync(big.files[0].localPath),
  );
  await proxy.close();
});

test('connection cut while trtexec runs: an error, never a result', async () => {
  const proxy = await startCuttableProxy(sshd.port);
  const knownHostsFile = path.join(sshd.dir, 'proxy2_known_hosts');
  await acceptHostKey(knownHostsFile, '127.0.0.1', proxy.port, sshd.hostKeyBlob);
  const doubleDir = path.join(sshd.dir, 'slow2', 'bin');
  const trtexecPath = installTrtexecDouble(doubleDir, {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inferenceMs: 30000,
  });
  await assert.rejects(
    runRemoteProfile(target({ port: proxy.port, knownHostsFile, trtexecPath }), request, {
      onPhase: (p) => p === 'inference' && proxy.cut(),
    }),
    (e: Error) => e instanceof ConnectionLostError,
  );
  await proxy.close();
  // sshd closes the command's stdin when the client is gone; the wrapper then stops trtexec.
  const { pid } = readJson(path.join(doubleDir, 'pids.json'));
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(isAlive(pid), false, 'remote trtexec stopped after the client vanished');
});
