// Source links in the graph view's node details, on the dynamo export made on the device (test/fixtures/diff/
// base-dynamo.onnx, exported by scripts/gen-diff-pairs.py): the panel shows the node's module path and `file:line`,
// a link when the script is in the workspace; a click posts graph/openSource with the node's id only, and the real
// GraphSession opens the line it resolved. Outside the workspace the location is text. Dark, light and high
// contrast, each checked by axe's color-contrast rule; screenshots in test/.tmp/screens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../server/analyze';
import { repoRoot, scratchDir } from '../support/paths';
import { contrastViolations } from './contrast';
import { openModel, type ViewUnderTest } from './harness';
import { applyTheme, type ThemeKind } from './themes';
import {
  assertNoViewErrors,
  browser,
  frames,
  screenshot,
  served,
  until,
  useBrowser,
  waitSelected,
} from './graph-view-support';

const MODEL = path.join(repoRoot, 'test/fixtures/diff/base-dynamo.onnx');
const SCRIPT = path.join(repoRoot, 'scripts/gen-diff-pairs.py');

async function selectNode(view: ViewUnderTest, name: string) {
  const node = view.session.main.nodes.find((n) => n.name === name)!;
  await view.post({ type: 'graph/reveal', nodeName: name });
  await waitSelected(view.page, `n${node.id}`);
  return node;
}

describe('graph view: node source links', { timeout: 150_000 }, () => {
  useBrowser();

  test('the panel shows module path and file:line; a click opens that line through the host', async () => {
    const view = await openModel(browser, served, MODEL, { findings: analyzeFile(MODEL), sourceRoot: repoRoot });
    const node = await selectNode(view, 'node_linear_2');
    const panel = view.page.locator('.side-panel');
    assert.equal(await panel.locator('.module-path').textContent(), 'module head');
    const link = panel.locator('button.source-link');
    const text = (await link.textContent())!;
    assert.match(text, /^scripts\/gen-diff-pairs\.py:\d+$/);
    const line = Number(text.split(':')[1]);
    assert.match(fs.readFileSync(SCRIPT, 'utf8').split('\n')[line - 1], /return self\.head\(hidden\)/);

    for (const kind of ['dark', 'light', 'hc-dark', 'hc-light'] as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await frames(view.page);
      await screenshot(view.page, `panel-source-link-${kind}`);
      const bad = (await contrastViolations(view.page)).filter((v) => /source|module-path/.test(v));
      assert.deepEqual(bad, [], `${kind}: the source row is readable`);
    }

    await link.click();
    await until(() => view.openedSources.length > 0);
    assert.deepEqual(view.fromView.at(-1), { type: 'graph/openSource', graphId: 'main', nodeId: node.id });
    assert.deepEqual(view.openedSources, [{ file: SCRIPT, line }]);
    // Keyboard too: the link is a button.
    await link.focus();
    await view.page.keyboard.press('Enter');
    await until(() => view.openedSources.length > 1);
    assert.deepEqual(view.openedSources[1], { file: SCRIPT, line });
    assertNoViewErrors(view);
  });

  test('outside the workspace the location is shown as text, with no link', async () => {
    const outside = scratchDir('source-link-view');
    const view = await openModel(browser, served, MODEL, { sourceRoot: outside });
    await selectNode(view, 'node_linear');
    const panel = view.page.locator('.side-panel');
    assert.equal(await panel.locator('.module-path').textContent(), 'module encoder.fc1');
    assert.match((await panel.locator('.source-location').textContent())!, /gen-diff-pairs\.py:\d+$/);
    assert.equal(await panel.locator('button.source-link').count(), 0);
    assertNoViewErrors(view);
    fs.rmSync(outside, { recursive: true, force: true });
  });
});
