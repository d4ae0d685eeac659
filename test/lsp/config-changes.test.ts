// Editing .modelready.json re-analyses the files under it over LSP, with the server's own file watcher (the client
// offers no didChangeWatchedFiles): each change is an atomic save (temp file renamed over it), as editors and
// `modelready profiles` write it, so later saves land on a replaced inode. Profiles, severities and ignores each
// change the published diagnostics of the model.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { POSITION_TABLE } from '../shape-profiles/corner-models';
import { buildModels } from '../support/rule-cases';
import { scratchDir } from '../support/paths';
import { LspClient, uriOf } from './lsp-client';

const modelFile = buildModels('lsp-config-changes', { position_table: POSITION_TABLE });
const NEEDS = 'shape/dynamic-input-needs-profile';
const CORNER = 'shape/profile-corner-invalid';
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const wide = { x: { min: [1, 1, 64], opt: [4, 128, 64], max: [8, 1024, 64] } };

describe('.modelready.json changes over LSP (server-side watcher)', () => {
  let client: LspClient;
  let root: string;
  let model: string;
  const save = (config: unknown) => {
    const file = path.join(root, '.modelready.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(config));
    fs.renameSync(`${file}.tmp`, file);
  };

  before(async () => {
    root = scratchDir('lsp-config-changes');
    model = path.join(root, 'm/model.onnx');
    fs.mkdirSync(path.dirname(model), { recursive: true });
    fs.copyFileSync(modelFile('position_table'), model);
    save({});
    client = LspClient.start();
    const first = client.nextDiagnostics(uriOf(model), (ds) => codes(ds).includes(NEEDS), 60000);
    await client.initialize(root);
    await first;
  });

  after(async () => {
    assert.equal(await client.stop(), 0, client.stderr);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('profiles, then a severity, then an ignore glob: each save re-publishes the model', async () => {
    const uri = uriOf(model);
    const profiled = client.nextDiagnostics(uri, (ds) => codes(ds).includes(CORNER), 60000);
    save({ profiles: { 'm/model.onnx': [wide] } });
    const corner = (await profiled).filter((d) => d.code === CORNER);
    assert.equal(corner[0].severity, 1, 'error by default');
    assert.ok(!codes(await profiled).includes(NEEDS), 'the profile covers the dynamic input');

    const demoted = client.nextDiagnostics(uri, (ds) => ds.some((d) => d.code === CORNER && d.severity === 2), 60000);
    save({ profiles: { 'm/model.onnx': [wide] }, rules: { [CORNER]: 'warning' } });
    await demoted;

    const ignored = client.nextDiagnostics(uri, (ds) => ds.length === 0, 60000);
    save({ profiles: { 'm/model.onnx': [wide] }, rules: { [CORNER]: 'warning' }, ignore: ['m/**'] });
    await ignored;

    const back = client.nextDiagnostics(uri, (ds) => codes(ds).includes(NEEDS), 60000);
    save({});
    await back;
  });
});
