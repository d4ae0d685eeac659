// Soak test of the language server at workspace scale (issue 11 item 6), over the real client harness: a generated
// workspace of 1,000 models and 1,000 configs; open and visible files come first; files deleted, renamed and
// replaced while the workspace is being analyzed end with the diagnostics of what is on disk, never stale ones;
// 10,000 edits sent as fast as the client can leave the newest text's diagnostics and a bounded memory.
// Speed figures are the benchmark's job (bench/lsp-workspace.ts); this test asserts behaviour.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { uriOf, type LspClient } from './lsp-client';
import {
  largeWorkspace,
  notifyChanges,
  readiness,
  serverStats,
  startOn,
  whenIndexed,
  type LargeWorkspace,
} from './large-workspace';

const MODELS = 1000;
const INDEX_TIMEOUT_MS = 180_000;
const codes = (ds: Diagnostic[] | undefined) => (ds ?? []).map((d) => d.code);

describe('language server on a workspace of 1,000 models and 1,000 configs', { timeout: 600_000 }, () => {
  let ws: LargeWorkspace;
  let client: LspClient;
  let open: string[];
  let visible: string[];
  /** The last publishDiagnostics per uri (undefined: never published). */
  const last = (file: string) => client.diagnostics.get(uriOf(file));

  before(async () => {
    ws = largeWorkspace('lsp-scale', MODELS);
    open = ws.configs.slice(-2);
    visible = [ws.configs.at(-5)!, ws.models.at(-5)!];
    ({ client } = await startOn(ws, { visibleUris: visible.map(uriOf) }));
    for (const config of open)
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: uriOf(config),
          languageId: 'triton-config',
          version: 1,
          text: fs.readFileSync(config, 'utf8'),
        },
      });
  });

  after(async () => {
    assert.equal(await client.stop(), 0, `server exit code (stderr: ${client.stderr})`);
  });

  it('analyzes the open and visible files before the rest of the workspace', async () => {
    const wanted = [...open, ...visible].map(uriOf);
    for (const uri of wanted)
      if (!client.diagnostics.has(uri)) await client.nextDiagnostics(uri, () => true, INDEX_TIMEOUT_MS);
    const order = client.published.map((p) => p.uri);
    // The walk finds these files last (last repository, last folders): only the priorities bring them first.
    for (const uri of wanted) {
      const at = order.indexOf(uri);
      assert.ok(at >= 0 && at < 50, `${uri} first published at position ${at} of ${order.length}`);
    }
  });

  it('never leaves stale diagnostics for files deleted, renamed or replaced while the workspace is analyzed', async () => {
    // Once the walk has indexed everything, the analyses are queued: act while most are still to come.
    let r = await readiness(client);
    for (let waited = 0; (r.indexedFiles < 2 * MODELS || r.pending === 0) && waited < 60_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      r = await readiness(client);
    }
    assert.ok(r.pending > 100, `the workspace should still be under analysis: ${JSON.stringify(r)}`);
    // Spread over the workspace: some files already analyzed, some running, most still queued.
    const pick = (files: string[], offset: number) => files.filter((_f, i) => i % 97 === offset);
    const deletedConfigs = pick(ws.configs, 3);
    const deletedModels = pick(ws.models, 11);
    const renamedDirs = pick(ws.configs, 29).map((c) => path.dirname(c));
    const replaced = pick(ws.configs, 53);
    for (const f of [...deletedConfigs, ...deletedModels]) fs.rmSync(f);
    for (const dir of renamedDirs) fs.renameSync(dir, `${dir}_renamed`);
    const brokenNow = new Map<string, boolean>();
    for (const config of replaced) {
      const wasBroken = fs.readFileSync(config, 'utf8').includes('INPUT9');
      // Replaced as editors and tools do: a new file renamed over the old one.
      fs.writeFileSync(`${config}.tmp`, ws.configText(path.basename(path.dirname(config)), !wasBroken));
      fs.renameSync(`${config}.tmp`, config);
      brokenNow.set(config, !wasBroken);
    }
    await notifyChanges(client, [
      ...[...deletedConfigs, ...deletedModels].map((file) => ({ file, type: 'deleted' as const })),
      ...renamedDirs.flatMap((dir) => [
        { file: dir, type: 'deleted' as const },
        { file: `${dir}_renamed`, type: 'created' as const },
      ]),
      ...replaced.map((file) => ({ file, type: 'changed' as const })),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the server batches watcher events
    const total = 2 * MODELS - deletedConfigs.length - deletedModels.length;
    const done = await whenIndexed(client, total, INDEX_TIMEOUT_MS);
    assert.equal(done.indexedFiles, total);
    assert.equal(done.analyzedFiles, total);

    for (const gone of [...deletedConfigs, ...deletedModels, ...renamedDirs.map((d) => path.join(d, 'config.pbtxt'))])
      assert.deepEqual(last(gone) ?? [], [], `${gone} is gone but keeps diagnostics`);
    for (const dir of renamedDirs) {
      const config = path.join(`${dir}_renamed`, 'config.pbtxt');
      assert.ok(last(config), `${config} (renamed) has no diagnostics`);
      // The folder name no longer matches the config's name: Triton's own check says so.
      assert.ok(codes(last(config)).length > 0, `${config}: ${JSON.stringify(last(config))}`);
    }
    for (const [config, broken] of brokenNow)
      assert.equal(
        codes(last(config)).includes('triton/model-io-name'),
        broken,
        `${config} was replaced by a ${broken ? 'broken' : 'fixed'} config; shown: ${JSON.stringify(codes(last(config)))}`,
      );
  });

  it('leaves the newest text diagnosed after 10,000 edits, versions never going back, memory bounded', async () => {
    const config = open[0];
    const uri = uriOf(config);
    const lines = fs.readFileSync(config, 'utf8').split('\n');
    const line = lines.findIndex((l) => /name: "INPUT[09]"/.test(l));
    const start = lines[line].indexOf('INPUT') + 5;
    const before = await serverStats(client);
    const first = client.published.length;
    const edits = 10_000;
    for (let i = 1; i <= edits; i++) {
      // Typing over one character: 9 (broken) and 0 (fixed) in turn; the last edit leaves 0.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 1 + i },
        contentChanges: [
          {
            range: { start: { line, character: start }, end: { line, character: start + 1 } },
            text: i % 2 ? '9' : '0',
          },
        ],
      });
    }
    const final = await client.nextDiagnostics(uri, (_d, p) => p.version === 1 + edits, INDEX_TIMEOUT_MS);
    assert.equal(codes(final).includes('triton/model-io-name'), false, JSON.stringify(codes(final)));
    const versions = client.published
      .slice(first)
      .filter((p) => p.uri === uri)
      .map((p) => p.version!);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      'published versions go back',
    );
    const afterEdits = await serverStats(client);
    assert.ok(
      afterEdits.rssBytes - before.rssBytes < 150 * 1024 * 1024,
      `RSS grew from ${before.rssBytes} to ${afterEdits.rssBytes} over ${edits} edits`,
    );
    assert.ok(afterEdits.peakRssBytes < 1024 * 1024 * 1024, `peak RSS ${afterEdits.peakRssBytes}`);
  });
});
