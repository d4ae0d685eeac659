// The profiling requests of the built language server (dist/server.js) driven over stdio by a real JSON-RPC client,
// against the real OpenSSH server on loopback with the trtexec double as the host's trtexec: trust gate, host list,
// unknown host key -> accept -> full run with progress and result, the run store, cancel mid-run, and
// "Run with ONNX Runtime (local)" publishing its failures as diagnostics on the .onnx file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type {
  OrtRunLocalResult,
  ProfileAcceptHostKeyResult,
  ProfileHostsResult,
  ProfileProgressParams,
  ProfileResultParams,
  ProfileStartResult,
  RunsCompareResult,
  RunsGetResult,
  RunsListResult,
} from '../../server/contract/profiling';
import { readOnnxModel } from '../../server/onnx/reader';
import { UNMAPPED_ROW } from '../../server/profiling/run-store';
import { scratchDir } from '../support/paths';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { readJson, trexRoot } from './corpus';
import {
  diagnosticsOf,
  notificationOf,
  progressNotifications,
  settingsHosts,
  startProfilingWorkspace,
} from './lsp-profiling-workspace';
import { isAlive, type SshdHandle } from './ssh-harness';

const replayMeta = readJson(
  path.join(trexRoot, 'examples/pytorch/resnet/A100/fp16/resnet.onnx.engine.profile.metadata.json'),
).performance_summary;

describe('profiling over the language server protocol', () => {
  let sshd: SshdHandle;
  let client: LspClient;
  let root: string;
  let model: string;
  let knownHosts: string;
  let slowDir: string;
  let fastDir: string;
  const storageDir = scratchDir('lsp-profiling-storage');

  const waitForNotification = <T>(method: string, test: (p: T) => boolean, timeoutMs = 30000) =>
    notificationOf<T>(client, method, test, timeoutMs);
  const resultOf = (runId: string) =>
    waitForNotification<ProfileResultParams>('modelready/profile/result', (p) => p.runId === runId, 60000);
  const progressOf = (runId: string) => progressNotifications(client, runId);

  before(async () => {
    ({ sshd, root, model, knownHosts, slowDir, fastDir } = await startProfilingWorkspace());
    client = LspClient.start();
    await client.initialize(root, {}, { workspaceTrusted: true, profiling: { storageDir } });
  });

  after(async () => {
    const code = await client?.stop();
    await sshd?.stop();
    assert.equal(code, 0, `server exit code (stderr: ${client.stderr})`);
  });

  const hosts = () =>
    client.connection.sendRequest<ProfileHostsResult>('modelready/profile/hosts', { uri: uriOf(model), settingsHosts });
  const diagnosticsWhere = (uri: string, test: (ds: Diagnostic[]) => boolean) => diagnosticsOf(client, uri, test);
  const host = async (name: string) => (await hosts()).configured.find((h) => h.name === name)!;

  it('a server started for an untrusted workspace refuses remote runs, host keys and model execution', async () => {
    const untrusted = LspClient.start();
    try {
      await untrusted.initialize(root, {}, { workspaceTrusted: false, profiling: { storageDir } });
      const gpu = (
        await untrusted.connection.sendRequest<ProfileHostsResult>('modelready/profile/hosts', { uri: uriOf(model) })
      ).configured.find((h) => h.name === 'gpu');
      const start = await untrusted.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
        modelUri: uriOf(model),
        host: gpu,
        choices: {},
      });
      assert.ok(
        !start.ok && /Profiling with trtexec is disabled in an untrusted workspace/.test(start.message),
        JSON.stringify(start),
      );
      const ort = await untrusted.connection.sendRequest<OrtRunLocalResult>('modelready/ort/runLocal', {
        modelUri: uriOf(model),
      });
      assert.ok(!ort.ok && /untrusted workspace/.test(ort.message));
      const key = await untrusted.connection.sendRequest<ProfileAcceptHostKeyResult>(
        'modelready/profile/acceptHostKey',
        {
          host: '127.0.0.1',
          port: sshd.port,
          hostKey: sshd.hostKeyBlob.toString('base64'),
          knownHostsFile: knownHosts,
        },
      );
      assert.ok(!key.ok && /untrusted workspace/.test(key.message));
      assert.ok(!fs.existsSync(path.join(fastDir, 'calls.jsonl')), 'nothing ran on the host');
      assert.equal(fs.readFileSync(knownHosts, 'utf8'), '');
    } finally {
      await untrusted.stop();
    }
  });

  it('lists hosts from .modelready.json and the settings; an entry with a password is refused, naming where it is', async () => {
    const result = await hosts();
    assert.deepEqual(result.configured.map((h) => h.name).sort(), ['docker box', 'gpu', 'slow gpu']);
    assert.deepEqual(result.problems, [
      'settings: "modelready.hosts.leaky.password": passwords are never stored; use identityFile or the SSH agent',
    ]);
  });

  it('refuses choices of the wrong shape before anything runs', async () => {
    const gpu = await host('gpu');
    for (const choices of [{ precision: 'fp16; rm -rf /' }, { iterations: '10' }, { sudo: true }, null]) {
      const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
        modelUri: uriOf(model),
        host: gpu,
        choices,
      });
      assert.ok(!start.ok && /profiling choice|must be an object/.test(start.message), JSON.stringify(start));
    }
    const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
      modelUri: uriOf(model),
      host: { ...gpu, password: 'x' },
      choices: {},
    });
    assert.ok(!start.ok && /passwords are never stored/.test(start.message));
  });

  it('unknown host key -> fingerprint; accept -> full run with progress, streamed log and result; second run uploads 0 bytes', async () => {
    const gpu = await host('gpu');
    const first = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
      modelUri: uriOf(model),
      host: gpu,
      choices: { precision: 'fp16', iterations: 10 },
    });
    assert.ok(first.ok);
    const refused = await resultOf(first.runId);
    assert.ok(!refused.ok && refused.kind === 'host-key-unknown');
    const expected = execFileSync('ssh-keygen', ['-lf', path.join(sshd.dir, 'host_ed25519.pub')], {
      encoding: 'utf8',
    }).split(' ')[1];
    assert.equal(refused.fingerprint, expected);
    // Only the key the server was shown can be accepted.
    const forged = await client.connection.sendRequest<ProfileAcceptHostKeyResult>('modelready/profile/acceptHostKey', {
      host: '127.0.0.1',
      port: sshd.port,
      hostKey: Buffer.from('forged').toString('base64'),
      knownHostsFile: knownHosts,
    });
    assert.equal(forged.ok, false);
    const accepted = await client.connection.sendRequest<ProfileAcceptHostKeyResult>(
      'modelready/profile/acceptHostKey',
      { host: '127.0.0.1', port: sshd.port, hostKey: refused.hostKey, knownHostsFile: knownHosts },
    );
    assert.deepEqual(accepted, { ok: true });

    const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
      modelUri: uriOf(model),
      host: gpu,
      choices: { precision: 'fp16', iterations: 10 },
    });
    assert.ok(start.ok);
    const result = await resultOf(start.runId);
    assert.ok(result.ok, JSON.stringify(result));
    const progress = progressOf(start.runId);
    const phases = progress.filter((p) => !p.logLines && p.uploadedBytes === undefined).map((p) => p.phase);
    assert.deepEqual(phases, ['connect', 'upload', 'build-engine', 'inference', 'collect-results']);
    const lines = progress.flatMap((p) => p.logLines ?? []);
    assert.ok(
      lines.some((l) => l.includes('=== Performance summary ===')),
      'log lines streamed',
    );
    assert.equal(progress.filter((p) => p.uploadedBytes !== undefined).at(-1)!.uploadedBytes, fs.statSync(model).size);
    assert.equal(result.bytesUploaded, fs.statSync(model).size);
    assert.equal(result.run.summary.throughputQps, replayMeta.Throughput);
    assert.equal(result.tensorrtVersion, '10.13.0');
    // Shapes came from .modelready.json's profile for this model.
    const argv: string[] = readJson(path.join(fastDir, 'argv.json'));
    assert.ok(
      argv.includes('--minShapes=data:1x3x224x224') &&
        argv.includes('--maxShapes=data:8x3x224x224') &&
        argv.includes('--fp16'),
      argv.join(' '),
    );

    const again = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
      modelUri: uriOf(model),
      host: gpu,
      choices: { iterations: 10 },
    });
    assert.ok(again.ok);
    const second = await resultOf(again.runId);
    assert.ok(second.ok);
    assert.equal(second.bytesUploaded, 0);

    const list = await client.connection.sendRequest<RunsListResult>('modelready/runs/list', {
      modelUri: uriOf(model),
    });
    assert.deepEqual(
      list.runs.map((r) => r.id),
      [second.storedRunId, result.storedRunId],
    );
    assert.match(list.runs[1].label, /^gpu · fp16 · TensorRT 10\.13\.0$/);
    const got = await client.connection.sendRequest<RunsGetResult>('modelready/runs/get', {
      modelUri: uriOf(model),
      runId: result.storedRunId,
    });
    assert.ok(got.ok);
    assert.equal(
      got.run.latencySamplesMs!.length,
      readJson(path.join(trexRoot, 'examples/pytorch/resnet/A100/fp16/resnet.onnx.engine.timing.json')).length,
    );
    const nodeNames = new Set(readOnnxModel(model).graph!.nodes.map((n) => n.name));
    for (const name of Object.keys(got.overlay.values))
      assert.ok(nodeNames.has(name), `overlay node ${name} is in the model`);
    const compared = await client.connection.sendRequest<RunsCompareResult>('modelready/runs/compare', {
      modelUri: uriOf(model),
      baseId: result.storedRunId,
      otherId: second.storedRunId,
    });
    assert.ok(compared.ok);
    assert.equal(compared.comparison.layers.length, result.run.layers.length);
    assert.equal(compared.comparison.throughputChange, 0, 'the double replays the same run twice');
    // Kept in the storage folder the client passed.
    assert.ok(fs.readdirSync(path.join(storageDir, 'runs')).length === 1);
  });

  it('cancel mid-run: a cancelled result, the remote trtexec and its group killed', async () => {
    const start = await client.connection.sendRequest<ProfileStartResult>('modelready/profile/start', {
      modelUri: uriOf(model),
      host: await host('slow gpu'),
      choices: {},
    });
    assert.ok(start.ok);
    await waitForNotification<ProfileProgressParams>(
      'modelready/profile/progress',
      (p) => p.runId === start.runId && !!p.logLines?.some((l) => l.includes('Start parsing network model')),
    );
    const cancel = await client.connection.sendRequest<{ cancelled: boolean }>('modelready/profile/cancel', {
      runId: start.runId,
    });
    assert.deepEqual(cancel, { cancelled: true });
    const result = await resultOf(start.runId);
    assert.ok(!result.ok && result.kind === 'cancelled', JSON.stringify(result));
    const pids = readJson(path.join(slowDir, 'pids.json'));
    assert.equal(isAlive(pids.pid), false);
    assert.equal(isAlive(pids.childPid), false);
  });

  it('Run with ONNX Runtime (local): a failing profile point becomes an ort/run-failed diagnostic; a clean run clears it', async () => {
    const uri = uriOf(model);
    const bad = await client.connection.sendRequest<OrtRunLocalResult>('modelready/ort/runLocal', {
      modelUri: uri,
      profile: { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [1, 5, 224, 224] } },
      iterations: 1,
    });
    assert.ok(bad.ok);
    assert.deepEqual(
      bad.result.runs.map((r) => r.ok),
      [true, true, false],
    );
    const withError = await diagnosticsWhere(uri, (ds) => ds.some((d) => d.code === 'ort/run-failed'));
    assert.match(withError.find((d) => d.code === 'ort/run-failed')!.message, /max shapes \(data: 1x5x224x224\)/);
    // Without a profile in the request, the one in .modelready.json is used.
    const good = await client.connection.sendRequest<OrtRunLocalResult>('modelready/ort/runLocal', {
      modelUri: uri,
      iterations: 1,
    });
    assert.ok(good.ok);
    assert.deepEqual(
      good.result.runs.map((r) => r.shapes.data[0]),
      [1, 4, 8],
    );
    const nodeNames = new Set(readOnnxModel(model).graph!.nodes.map((n) => n.name));
    assert.ok(
      Object.keys(good.overlay.values).length > 10 && Object.keys(good.overlay.values).every((n) => nodeNames.has(n)),
    );
    const cleared = await diagnosticsWhere(uri, (ds) => !ds.some((d) => d.code === 'ort/run-failed'));
    assert.ok(
      !cleared.some((d) => d.code === 'modelready/analysis-failed'),
      'the analysis findings are still there, without ORT',
    );

    // Both ORT runs are kept with the model's runs, newest first, next to the trtexec runs of the test above.
    const list = (await client.connection.sendRequest<RunsListResult>('modelready/runs/list', { modelUri: uri })).runs;
    assert.deepEqual(
      list.slice(0, 2).map((r) => [r.id, r.engine, r.label]),
      [
        [good.storedRunId, 'onnxruntime', 'ONNX Runtime · CPU · opt data 4x3x224x224'],
        [bad.storedRunId, 'onnxruntime', 'ONNX Runtime · CPU · opt data 1x3x224x224'],
      ],
    );
    const trtexecRun = list.find((r) => r.engine === 'trtexec');
    assert.ok(trtexecRun, 'the trtexec runs are still listed');
    assert.equal(
      list[0].latencyMedianMs,
      good.result.latencyMs[0],
      'one timed inference (iterations: 1) is its median',
    );
    const got = await client.connection.sendRequest<RunsGetResult>('modelready/runs/get', {
      modelUri: uri,
      runId: good.storedRunId,
    });
    assert.ok(got.ok);
    assert.equal(got.run.engine, 'onnxruntime');
    assert.deepEqual(got.run.onnxRuntime, { provider: 'cpu', shapeRuns: good.result.runs, assumedOne: [] });
    assert.deepEqual(
      got.run.run.layers.map((l) => [l.name, l.averageMs, l.onnxNodes]),
      good.result.nodes.map((n) => [n.name, n.averageMs, [n.name]]),
    );
    assert.equal(got.run.run.summary.timedInferences, 1);
    // "Show on graph" of the stored run is what the run itself answered.
    assert.deepEqual(got.overlay, good.overlay);

    // Two ORT runs: layer by layer (their layers are the model's nodes).
    const twoOrt = await client.connection.sendRequest<RunsCompareResult>('modelready/runs/compare', {
      modelUri: uri,
      baseId: bad.storedRunId,
      otherId: good.storedRunId,
    });
    assert.ok(twoOrt.ok);
    assert.equal(twoOrt.comparison.by, 'layer');
    assert.deepEqual(
      new Set(twoOrt.comparison.layers.map((l) => l.name)),
      new Set([...bad.result.nodes, ...good.result.nodes].map((n) => n.name)),
    );
    for (const l of twoOrt.comparison.layers) if (l.deltaMs !== null) assert.equal(l.deltaMs, l.otherMs! - l.baseMs!);
    assert.equal(twoOrt.comparison.latencyMedianChange, good.result.latencyMs[0] / bad.result.latencyMs[0] - 1);

    // ORT CPU vs trtexec: different engines are compared per ONNX node, and no time is dropped on either side. (The
    // double replays a ResNet run, whose layers name no node of this SqueezeNet: their time is in the unmapped row.)
    const mixed = await client.connection.sendRequest<RunsCompareResult>('modelready/runs/compare', {
      modelUri: uri,
      baseId: trtexecRun.id,
      otherId: good.storedRunId,
    });
    assert.ok(mixed.ok);
    assert.equal(mixed.comparison.by, 'onnx-node');
    for (const l of mixed.comparison.layers)
      assert.ok(nodeNames.has(l.name) || l.name === UNMAPPED_ROW, `${l.name} is a node of the model`);
    const total = (side: 'baseMs' | 'otherMs') => mixed.comparison.layers.reduce((sum, l) => sum + (l[side] ?? 0), 0);
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    assert.ok(
      near(
        total('baseMs'),
        mixed.base.run.layers.reduce((sum, l) => sum + (l.averageMs ?? 0), 0),
      ),
      "every trtexec layer's time is on some row",
    );
    assert.ok(
      near(
        total('otherMs'),
        good.result.nodes.reduce((sum, n) => sum + n.averageMs, 0),
      ),
      "every ORT node's time is on its row",
    );
    const rows = new Map(mixed.comparison.layers.map((l) => [l.name, l]));
    for (const n of good.result.nodes) assert.equal(rows.get(n.name)?.otherMs, n.averageMs, n.name);
    assert.ok(
      near(rows.get(UNMAPPED_ROW)?.baseMs ?? NaN, mixed.base.run.summary.unmapped!.averageMs),
      'the unmapped row holds the unmapped time',
    );
    assert.equal(
      mixed.comparison.latencyMedianChange,
      good.result.latencyMs[0] / mixed.base.run.summary.latency!.medianMs - 1,
    );

    // A file ONNX Runtime cannot even load: the answer and the diagnostic name it.
    const broken = path.join(root, 'models', 'truncated.onnx');
    fs.writeFileSync(broken, fs.readFileSync(model).subarray(0, 5000));
    const failed = await client.connection.sendRequest<OrtRunLocalResult>('modelready/ort/runLocal', {
      modelUri: uriOf(broken),
      iterations: 1,
    });
    assert.ok(
      !failed.ok && failed.message.startsWith('ONNX Runtime cannot load truncated.onnx: ') && failed.inProblems,
      JSON.stringify(failed),
    );
    await diagnosticsWhere(uriOf(broken), (ds) =>
      ds.some((d) => d.code === 'ort/run-failed' && /cannot load the model/.test(d.message)),
    );
  });
});
