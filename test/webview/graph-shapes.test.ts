// Shapes where users look, in Debian's headless Chromium: resnet50 as PyTorch exported it (no value_info) shows
// inferred dtype and shape on its edges (short form, never cut) and in the node details. Screenshots of the four
// theme kinds go to test/.tmp/screens (shapes-<kind>.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { analyzeFile } from '../../server/analyze';
import { corpusOnnxDir, repoRoot } from '../support/paths';
import { launchBrowser, openModel, servePage, type ServedPage } from './harness';
import { applyTheme, THEMES, type ThemeKind } from './themes';

const SCREENS = path.join(repoRoot, 'test/.tmp/screens');
const RESNET = path.join(corpusOnnxDir, 'resnet50_op17.onnx');

describe('inferred shapes in the graph view', { timeout: 180_000 }, () => {
  let browser: Browser;
  let served: ServedPage;
  before(async () => {
    served = await servePage();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  test('edges read "f32 [batch,64,112,112]", node details list input and output shapes, in every theme kind', async () => {
    const view = await openModel(browser, served, RESNET, { findings: analyzeFile(RESNET) });
    const conv = view.session.main.nodes.find((n) => n.op === 'Conv')!;
    await view.post({ type: 'graph/reveal', nodeName: conv.name });
    await view.page.waitForFunction((k) => document.getElementById('app')!.dataset.selected === k, `n${conv.id}`, {
      timeout: 10_000,
    });
    const labels = await view.page.$$eval('g.edge', (els) =>
      els.map((e) => ({
        text: e.querySelector('text')?.textContent ?? '',
        title: e.querySelector('title')!.textContent,
      })),
    );
    const shown = labels.filter((l) => l.text !== '');
    assert.ok(shown.length > 0, 'edge labels are drawn');
    for (const l of shown) assert.equal(l.text, l.title, 'an edge label is never cut');
    assert.ok(
      shown.some((l) => l.text === 'f32 [batch,64,112,112]'),
      shown.map((l) => l.text).join(' | '),
    );
    const panel = await view.page.$eval('.side-panel', (e) => e.textContent ?? '');
    assert.match(panel, /FLOAT \[batch×3×224×224\]/, 'the Conv input');
    assert.match(panel, /FLOAT \[batch×64×112×112\]/, 'the Conv output');
    fs.mkdirSync(SCREENS, { recursive: true });
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await view.page.screenshot({ path: path.join(SCREENS, `shapes-${kind}.png`) });
    }
    assert.deepEqual(view.pageErrors, []);
    await view.page.close();
  });
});
