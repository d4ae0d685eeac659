// A node's source link in a real VS Code (code-server + headless Chromium, the packaged extension): a workspace holding
// the device-made dynamo export (test/fixtures/diff/base-dynamo.onnx, its nodes recording scripts/gen-diff-pairs.py on
// the exporting machine's path) under models/, and that script under scripts/. The graph opens from Quick Open; the
// node found through the graph's search shows its module path and `scripts/gen-diff-pairs.py:<line>` in the details
// panel; a click opens the script beside the graph with the cursor on that line (the status bar's "Ln N").
// Screenshots go to test/.tmp/e2e-screenshots (source-link-*).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/paths';
import { openWorkbench, type OpenedWorkbench } from './code-server';
import { workbench } from './workbench';

const NODE = 'node_linear_2';
const SCRIPT = path.join(repoRoot, 'scripts/gen-diff-pairs.py');

let wb: OpenedWorkbench | undefined;
let page: Page;
const { openFile, activeWebview } = workbench(() => page);
const step = (name: string, body: () => Promise<void>) => wb!.step(name, body);

before(async () => {
  wb = await openWorkbench({
    name: 'source-link',
    prepare: ({ workspace }) => {
      fs.mkdirSync(path.join(workspace, 'models'));
      fs.mkdirSync(path.join(workspace, 'scripts'));
      for (const file of ['base-dynamo.onnx', 'base-dynamo.onnx.data'])
        fs.copyFileSync(path.join(repoRoot, 'test/fixtures/diff', file), path.join(workspace, 'models', file));
      fs.copyFileSync(SCRIPT, path.join(workspace, 'scripts/gen-diff-pairs.py'));
    },
  });
  page = wb.page;
  await step('extension activated', () =>
    page.locator('.statusbar-item[id="modelready.modelready.modelready.readiness"]').waitFor({ timeout: 90_000 }),
  );
});

after(() => wb?.close());

test(
  'the details panel links the node to its Python line, and the link opens that line',
  { timeout: 300_000 },
  async () => {
    const graph = activeWebview();
    await step('open the model', () => openFile('models/base-dynamo.onnx'));
    let location = '';
    await step('find the node', async () => {
      await graph.locator('input.search').fill(NODE, { timeout: 60_000 });
      await graph.locator('.search-results button', { hasText: NODE }).first().click({ timeout: 30_000 });
      if (!(await graph.locator('.side-panel').isVisible()))
        await graph.locator('button[data-action="toggle-panel"]').click();
      await graph.locator('.side-panel .node-name', { hasText: NODE }).waitFor({ timeout: 30_000 });
      assert.equal(await graph.locator('.side-panel .module-path').textContent(), 'module head');
      location = (await graph.locator('.side-panel button.source-link').textContent())!;
    });
    assert.match(location, /^scripts\/gen-diff-pairs\.py:\d+$/);
    const line = Number(location.split(':')[1]);
    assert.match(fs.readFileSync(SCRIPT, 'utf8').split('\n')[line - 1], /return self\.head\(hidden\)/);
    await wb!.screenshot('01-source-link');
    await step('open the source line', async () => {
      await graph.locator('.side-panel button.source-link').click();
      await page.locator('.tabs-container .tab', { hasText: 'gen-diff-pairs.py' }).first().waitFor({ timeout: 30_000 });
      // The cursor is on the node's line: VS Code's status bar shows it.
      await page
        .locator('.statusbar-item[id="status.editor.selection"]', { hasText: `Ln ${line},` })
        .waitFor({ timeout: 30_000 });
    });
    await wb!.screenshot('02-source-opened');
    // Beside the graph: the graph stays open in its own group.
    assert.equal(await page.locator('.editor-group-container').count(), 2);
  },
);
