// The profile matrix over the language server protocol: the built server (dist/server.js) driven over stdio by a real
// JSON-RPC client, against the real OpenSSH server on loopback with the trtexec double: the model's profiles for the
// picker, a 1 host × 2 profiles matrix with per-cell progress and one result carrying the table, the same matrix again
// from the run store, refusals before anything runs, and cancel mid-cell with the table of what did not run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type {
  ProfileMatrixProfilesResult,
  ProfileMatrixProgressParams,
  ProfileMatrixResultParams,
  ProfileMatrixStartParams,
  ProfileMatrixStartResult,
} from '../../server/contract/profile-matrix';
import type { ProfileHostsResult, RunsListResult } from '../../server/contract/profiling';
import { scratchDir } from '../support/paths';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { notificationOf, startProfilingWorkspace, type ProfilingWorkspace } from './lsp-profiling-workspace';
import { trtexecRuns } from './matrix-cli';

describe('profile matrix over the language server protocol', () => {
  let ws: ProfilingWorkspace;
  let client: LspClient;
  const storageDir = scratchDir('lsp-matrix-storage');

  before(async () => {
    ws = await startProfilingWorkspace();
    // The host key as ssh-keyscan recorded it: this test is about the matrix, not about accepting keys.
    fs.copyFileSync(ws.sshd.knownHosts, ws.knownHosts);
    client = LspClient.start();
    await client.initialize(ws.root, {}, { workspaceTrusted: true, profiling: { storageDir } });
  });

  after(async () => {
    const code = await client?.stop();
    await ws?.sshd.stop();
    assert.equal(code, 0, `server exit code (stderr: ${client.stderr})`);
  });

  const request = <R>(method: string, params: unknown) => client.connection.sendRequest<R>(method, params);
  const host = async (name: string) =>
    (await request<ProfileHostsResult>('modelready/profile/hosts', { uri: uriOf(ws.model) })).configured.find(
      (h) => h.name === name,
    )!;
  const start = (params: Partial<ProfileMatrixStartParams>) =>
    request<ProfileMatrixStartResult>('modelready/profileMatrix/start', {
      modelUri: uriOf(ws.model),
      images: [],
      profiles: [],
      choices: { precision: 'fp16', iterations: 10 },
      ...params,
    });
  const resultOf = (matrixId: string) =>
    notificationOf<ProfileMatrixResultParams>(
      client,
      'modelready/profileMatrix/result',
      (p) => p.matrixId === matrixId,
      120000,
    );
  const progressOf = (matrixId: string) =>
    client.notifications
      .filter((n) => n.method === 'modelready/profileMatrix/progress')
      .map((n) => n.params as ProfileMatrixProgressParams)
      .filter((p) => p.matrixId === matrixId);

  it("lists the model's shape profiles by name, with each input's range", async () => {
    const listed = await request<ProfileMatrixProfilesResult>('modelready/profileMatrix/profiles', {
      modelUri: uriOf(ws.model),
    });
    assert.deepEqual(listed, {
      profiles: [
        { name: 'p1', summary: 'data 1×3×224×224 → 8×3×224×224' },
        { name: 'p2', summary: 'data 1×3×224×224 → 32×3×224×224' },
      ],
    });
  });

  it('refuses a bad matrix before anything runs, saying what is wrong', async () => {
    const gpu = await host('gpu');
    const refusals: [Partial<ProfileMatrixStartParams>, RegExp][] = [
      [{ hosts: [] }, /at least one host/],
      [{ hosts: [gpu, gpu] }, /named twice/],
      [{ hosts: [gpu], images: ['nvcr.io/nvidia/tensorrt:latest'] }, /pinned/],
      [{ hosts: [gpu], profiles: ['p9'] }, /has no profile "p9" \(profiles: p1, p2\)/],
      [{ hosts: [gpu], concurrency: 0 }, /concurrency must be an integer/],
      [{ hosts: [{ ...gpu, password: 'x' } as typeof gpu] }, /password/],
    ];
    for (const [params, message] of refusals) {
      const answer = await start(params);
      assert.ok(!answer.ok && message.test(answer.message), `${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
    }
    assert.equal(trtexecRuns(`${ws.fastDir}/trtexec`).length, 0, 'nothing ran');
  });

  it('runs 1 host × 2 profiles with progress per cell; the result is the table; again, every cell from the store', async () => {
    const started = await start({ hosts: [await host('gpu')] });
    assert.ok(started.ok, JSON.stringify(started));
    assert.deepEqual(
      started.cells.map((c) => [c.host, c.profile]),
      [
        ['gpu', 'p1'],
        ['gpu', 'p2'],
      ],
    );
    const result = await resultOf(started.matrixId);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(
      result.table.rows.map((r) => [r.profile, r.ok, r.fromStore]),
      [
        ['p1', true, false],
        ['p2', true, false],
      ],
    );
    assert.ok(result.table.rows.every((r) => r.p50Ms! > 0 && r.p90Ms! > 0 && r.throughputQps! > 0));
    assert.ok(result.table.best.p50Ms && result.table.best.throughputQps);
    const progress = progressOf(started.matrixId);
    assert.deepEqual(
      progress.map((p) => `${p.cell.profile} ${p.event} ${p.done}/${p.total}`),
      ['p1 running 0/2', 'p1 done 1/2', 'p2 running 1/2', 'p2 done 2/2'],
    );
    assert.match(progress[1].detail, /^done: p50 [\d.]+ ms, [\d.]+ qps$/);
    const maxShapes = trtexecRuns(`${ws.fastDir}/trtexec`).map((argv) => argv.find((a) => a.startsWith('--maxShapes')));
    assert.deepEqual(maxShapes, ['--maxShapes=data:8x3x224x224', '--maxShapes=data:32x3x224x224']);
    const stored = await request<RunsListResult>('modelready/runs/list', { modelUri: uriOf(ws.model) });
    for (const row of result.table.rows) assert.ok(stored.runs.some((r) => r.id === row.storedRunId));

    const again = await start({ hosts: [await host('gpu')] });
    assert.ok(again.ok);
    const second = await resultOf(again.matrixId);
    assert.ok(second.ok && second.table.rows.every((r) => r.ok && r.fromStore));
    assert.deepEqual(
      progressOf(again.matrixId).map((p) => p.event),
      ['stored', 'done', 'stored', 'done'],
    );
    assert.equal(trtexecRuns(`${ws.fastDir}/trtexec`).length, 2, 'nothing ran again');
  });

  it('cancel mid-cell ends the matrix with one result: cancelled, the cells that did not run say so', async () => {
    const started = await start({ hosts: [await host('slow gpu')], profiles: ['p2'] });
    assert.ok(started.ok, JSON.stringify(started));
    await notificationOf<ProfileMatrixProgressParams>(
      client,
      'modelready/profileMatrix/progress',
      (p) => p.matrixId === started.matrixId && p.event === 'running',
    );
    // The double is building its engine (a minute); wait until trtexec really runs on the host.
    const deadline = Date.now() + 60000;
    while (trtexecRuns(`${ws.slowDir}/trtexec`).length === 0) {
      assert.ok(Date.now() < deadline, 'trtexec did not start on the host');
      await new Promise((r) => setTimeout(r, 50));
    }
    const cancel = await request<{ cancelled: boolean }>('modelready/profile/cancel', { runId: started.matrixId });
    assert.deepEqual(cancel, { cancelled: true });
    const result = await resultOf(started.matrixId);
    assert.ok(!result.ok && result.cancelled, JSON.stringify(result));
    assert.deepEqual(
      result.table.rows.map((r) => [r.host, r.profile, r.ok, r.failure]),
      [['slow gpu', 'p2', false, 'not run: the matrix was cancelled']],
    );
    // A round trip to the server: a second result sent with the first would have arrived by now.
    await request('modelready/profileMatrix/profiles', { modelUri: uriOf(ws.model) });
    assert.equal(
      client.notifications.filter(
        (n) =>
          n.method === 'modelready/profileMatrix/result' &&
          (n.params as ProfileMatrixResultParams).matrixId === started.matrixId,
      ).length,
      1,
      'exactly one result',
    );
  });
});
