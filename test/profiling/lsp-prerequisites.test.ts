// What a profiling or ONNX Runtime command checks before it asks for a model, asked of the built language server over
// stdio: the workspace folder (no model picked yet) finds its .modelready.json hosts; ONNX Runtime is reported as it
// is installed beside the server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { PrerequisitesResult } from '../../server/contract/profiling';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { repoRoot, scratchDir } from '../support/paths';

let client: LspClient;
let withHosts: string;

before(async () => {
  const root = scratchDir('lsp-prerequisites');
  withHosts = path.join(root, 'with-hosts');
  fs.mkdirSync(withHosts, { recursive: true });
  fs.writeFileSync(path.join(root, '.git'), ''); // the project configuration is looked up to here
  fs.writeFileSync(
    path.join(withHosts, '.modelready.json'),
    JSON.stringify({ hosts: { gpu: { host: 'gpu.example', user: 'me' } } }),
  );
  client = LspClient.start();
  await client.initialize(root, {}, { workspaceTrusted: true });
});

after(async () => {
  assert.equal(await client.stop(), 0, `server exit code (stderr: ${client.stderr})`);
});

const ask = (command: string, folder: string) =>
  client.connection.sendRequest<PrerequisitesResult>('modelready/prerequisites', { command, uri: uriOf(folder) });

// Where no host is configured the answer depends on ~/.ssh/config too: server/profiling/prerequisites.test.ts decides it.
test('profiling is ready where the folder configures a host, before any model is picked', async () => {
  assert.deepEqual(await ask('profileRemote', withHosts), { ready: true });
});

test('ONNX Runtime is ready exactly when onnxruntime-node resolves beside the built server', async () => {
  const installed = fs.existsSync(path.join(repoRoot, 'node_modules/onnxruntime-node/package.json'));
  const ort = await ask('runOrtLocal', withHosts);
  assert.equal(ort.ready, installed, JSON.stringify(ort));
});
