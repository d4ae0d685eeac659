// The model diff in a real VS Code (code-server + headless Chromium, the packaged extension): "Compare with HEAD" on
// a modified .onnx in a Git repository reads the committed blob through the built-in Git extension, and "Compare
// ONNX Models" compares two picked files; both open the graph view in diff mode with the known edits of the pair
// (test/diff/edited-pair.ts). Screenshots go to test/.tmp/e2e-screenshots (model-diff-*).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { editedPair } from '../diff/edited-pair';
import { openWorkbench, type OpenedWorkbench } from './code-server';
import { workbench } from './workbench';

let wb: OpenedWorkbench | undefined;
let page: Page;
const { runCommand, pick, openFile, activeWebview } = workbench(() => page);

before(async () => {
  wb = await openWorkbench({
    name: 'model-diff',
    prepare: ({ workspace }) => {
      const pair = editedPair(path.join(workspace, 'pair'));
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], { cwd: workspace });
      fs.copyFileSync(pair.a, path.join(workspace, 'model.onnx'));
      git('init', '-q');
      git('add', 'model.onnx');
      git('commit', '-q', '-m', 'base model');
      // The working copy is the edited export: a modified file against HEAD.
      fs.copyFileSync(pair.b, path.join(workspace, 'model.onnx'));
    },
  });
  page = wb.page;
  await wb.step('extension activated', () =>
    page.locator('.statusbar-item[id="modelready.modelready.modelready.readiness"]').waitFor({ timeout: 60_000 }),
  );
});

after(() => wb?.close());

/** The legend's counts in the diff view titled `a → b`, once it shows them. */
async function legendCounts(title: string): Promise<Record<string, number>> {
  await activeWebview().locator('.diff-legend .diff-title', { hasText: title }).waitFor({ timeout: 60_000 });
  const counts = activeWebview().locator('.diff-legend .diff-count');
  const entries = await counts.evaluateAll((els) =>
    els.map((e) => [(e as HTMLElement).dataset.status!, Number((e as HTMLElement).dataset.count)] as const),
  );
  return Object.fromEntries(entries);
}

const KNOWN_EDITS = { added: 1, removed: 1, changed: 2, weights: 1 };

test('Compare with HEAD: the committed blob against the working copy, in diff mode', { timeout: 240_000 }, async () => {
  await wb!.step('open the modified model', () => openFile('model.onnx'));
  await wb!.step('compare with HEAD', async () => {
    await runCommand('ModelReady: Compare with HEAD (ONNX graph diff)');
    assert.deepEqual(await legendCounts('model.onnx (HEAD) → model.onnx'), KNOWN_EDITS);
  });
  const tab = await page.locator('.tabs-container .tab.active').innerText();
  assert.match(tab, /model\.onnx \(HEAD\) ↔ model\.onnx/);
  await wb!.screenshot('01-head');
});

test('Compare ONNX Models: two picked files, in diff mode', { timeout: 240_000 }, async () => {
  // One webview left (the new one): the content frame found is the diff just opened.
  await wb!.step('close the editors', () => runCommand('View: Close All Editors'));
  await wb!.step('compare two files', async () => {
    await runCommand('ModelReady: Compare ONNX Models');
    await pick('pair/a.onnx');
    await pick('pair/b.onnx');
    assert.deepEqual(await legendCounts('pair/a.onnx → pair/b.onnx'), KNOWN_EDITS);
  });
  await wb!.screenshot('02-two-files');
});
