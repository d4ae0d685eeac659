// One cell identity for the CLI and the editor: a profile matrix started with `modelready profile-matrix` (the built
// CLI) resumes in the language server (dist/server.js over stdio, as the editor drives it) and the reverse, over one
// run store, against the real OpenSSH server on loopback with the trtexec double. The editor sends the host entry as
// the client got it back (keys in another order) and its own options (timing cache, per-inference times), which the
// CLI never sets: neither changes the cell. Neither is told where the store is: both default to the same one
// ($XDG_CACHE_HOME/modelready, here a scratch folder).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type {
  MatrixTable,
  ProfileMatrixResultParams,
  ProfileMatrixStartResult,
} from '../../server/contract/profile-matrix';
import type { ProfileHostsResult } from '../../server/contract/profiling';
import { scratchDir } from '../support/paths';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { notificationOf, startProfilingWorkspace, type ProfilingWorkspace } from './lsp-profiling-workspace';
import { matrixCli, trtexecRuns } from './matrix-cli';

describe('a profile-matrix cell is the same cell in the CLI and in the editor', () => {
  let ws: ProfilingWorkspace;
  let client: LspClient;
  const cache = scratchDir('matrix-shared-cache');
  const env = { XDG_CACHE_HOME: cache };

  before(async () => {
    ws = await startProfilingWorkspace();
    fs.copyFileSync(ws.sshd.knownHosts, ws.knownHosts);
    client = LspClient.start(undefined, env);
    await client.initialize(ws.root, {}, { workspaceTrusted: true });
  });

  after(async () => {
    const code = await client?.stop();
    await ws?.sshd.stop();
    assert.equal(code, 0, `server exit code (stderr: ${client.stderr})`);
  });

  const runs = () => trtexecRuns(`${ws.fastDir}/trtexec`).length;
  const cli = async (profiles: string) => {
    const args = ['--hosts', 'gpu', '--profiles', profiles, '--precision', 'fp16', '--iterations', '10'];
    const run = matrixCli(ws.model, [...args, '--json'], env);
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.stderr());
    return JSON.parse(stdout) as MatrixTable;
  };
  const editor = async () => {
    const hosts = await client.connection.sendRequest<ProfileHostsResult>('modelready/profile/hosts', {
      uri: uriOf(ws.model),
    });
    const gpu = hosts.configured.find((h) => h.name === 'gpu')!;
    // The same entry with its keys in reverse order: JSON keeps the order a client builds.
    const reordered = Object.fromEntries(Object.entries(gpu).reverse()) as typeof gpu;
    const started = await client.connection.sendRequest<ProfileMatrixStartResult>('modelready/profileMatrix/start', {
      modelUri: uriOf(ws.model),
      hosts: [reordered],
      images: [],
      profiles: [],
      // What "Profile Matrix…" sends with its default picks.
      choices: { precision: 'fp16', iterations: 10, useTimingCache: true, exportTimes: true, saveEngine: false },
    });
    assert.ok(started.ok, JSON.stringify(started));
    const result = await notificationOf<ProfileMatrixResultParams>(
      client,
      'modelready/profileMatrix/result',
      (p) => p.matrixId === started.matrixId,
      120000,
    );
    assert.ok(result.ok, JSON.stringify(result));
    return result.table;
  };
  const rows = (table: MatrixTable) => table.rows.map((r) => [r.profile, r.ok, r.fromStore]);

  it('a cell the CLI ran is not rerun by the editor, and the cell the editor ran is not rerun by the CLI', async () => {
    const first = await cli('p1');
    assert.deepEqual(rows(first), [['p1', true, false]]);
    assert.equal(runs(), 1);
    assert.equal(
      fs.readdirSync(path.join(cache, 'modelready', 'runs')).length,
      1,
      'the CLI kept the cell in the default store',
    );

    const inEditor = await editor();
    assert.deepEqual(rows(inEditor), [
      ['p1', true, true],
      ['p2', true, false],
    ]);
    assert.equal(inEditor.rows[0].key, first.rows[0].key, 'the same key for the same cell');
    assert.equal(inEditor.rows[0].storedRunId, first.rows[0].storedRunId, "the CLI's stored run");
    assert.equal(runs(), 2, 'only p2 ran');

    const again = await cli('p1,p2');
    assert.deepEqual(rows(again), [
      ['p1', true, true],
      ['p2', true, true],
    ]);
    assert.deepEqual(
      again.rows.map((r) => [r.key, r.storedRunId]),
      inEditor.rows.map((r) => [r.key, r.storedRunId]),
    );
    assert.equal(runs(), 2, 'nothing ran again');
  });
});
