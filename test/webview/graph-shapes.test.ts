// Shapes where users look, in Debian's headless Chromium: resnet50 as PyTorch exported it (no value_info) shows
// inferred dtype and shape on its edges (short form, never cut) and in the node details, also when the types
// arrive after the first paint (the host infers once the skeleton is sent). Screenshots of the four
// theme kinds go to test/.tmp/screens (shapes-<kind>.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { analyzeFile } from '../../server/analyze';
import { corpusOnnxDir, repoRoot } from '../support/paths';
import { launchBrowser, openModel, servePage, type ServedPage } from './harness';
import { applyTheme, THEMES, type ThemeKind } from './themes';

const SCREENS = path.join(repoRoot, 'test/.tmp/screens');
const RESNET = path.join(corpusOnnxDir, 'resnet50_op17.onnx');
const RESNET_DYNAMO = path.join(corpusOnnxDir, 'resnet50_dynamo_op18.onnx');
const SQUEEZENET = path.join(corpusOnnxDir, 'squeezenet_op9.onnx');
const LLAMA = path.join(corpusOnnxDir, 'llama_tiny_op17.onnx');

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
    await shapesShown(view.page);
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

  test('types inferred after the first paint relabel the edges and the selected node in place, with no new layout', async () => {
    const view = await openModel(browser, served, RESNET, { holdShapes: true });
    const page = view.page;
    const edges = () =>
      page.$$eval('g.edge', (els) =>
        els.map((e) => ({
          d: e.querySelector('path')!.getAttribute('d'),
          text: e.querySelector('text')!.textContent,
          hidden: e.classList.contains('label-hidden'),
        })),
      );
    const boxes = () =>
      page.$$eval('g.box rect', (els) => els.map((r) => ['x', 'y', 'width', 'height'].map((a) => r.getAttribute(a))));
    const conv = view.session.main.nodes.find((n) => n.op === 'Conv')!;
    await view.post({ type: 'graph/reveal', nodeName: conv.name });
    await page.waitForFunction((k) => document.getElementById('app')!.dataset.selected === k, `n${conv.id}`);
    const before = { edges: await edges(), boxes: await boxes(), seq: await data(page, 'renderSeq') };
    assert.ok(
      !before.edges.some((e) => e.text === 'f32 [batch,64,112,112]'),
      'no inferred shape drawn before the types arrive',
    );
    assert.doesNotMatch(await panelText(page), /FLOAT \[batch×64×112×112\]/);
    // Every change to the drawn boxes is recorded: the types relabel edges only, no box is rewritten.
    await page.evaluate(() => {
      const changed: string[] = [];
      Object.defineProperty(window, '__boxChanges', { value: changed });
      new MutationObserver((records) => changed.push(...records.map((r) => r.type))).observe(
        document.querySelector('g.boxes')!,
        { attributes: true, childList: true, characterData: true, subtree: true },
      );
    });
    assert.equal(await view.releaseShapes(), 1, 'one graph/shapes message');
    await shapesShown(page);
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { __boxChanges: string[] }).__boxChanges),
      [],
      'no box rewritten',
    );
    const titled = await page.$$eval('g.edge:not(.label-hidden)', (els) =>
      els.map((e) => [e.querySelector('text')!.textContent, e.querySelector('title')!.textContent]),
    );
    for (const [text, title] of titled) assert.equal(text, title, 'label and tooltip retyped alike');
    const after = { edges: await edges(), boxes: await boxes(), seq: await data(page, 'renderSeq') };
    assert.ok(
      after.edges.some((e) => e.text === 'f32 [batch,64,112,112]'),
      after.edges.map((e) => e.text).join(' | '),
    );
    assert.deepEqual(
      after.edges.map((e) => e.d),
      before.edges.map((e) => e.d),
      'the same routes: nothing laid out again',
    );
    assert.deepEqual(after.boxes, before.boxes, 'the same boxes');
    assert.equal(after.seq, before.seq, 'no new render counted');
    assert.match(await panelText(page), /FLOAT \[batch×64×112×112\]/, 'the selected Conv lists its output type');
    // Groups expanded later come from the retyped model and the retyped store: every edge drawn is typed.
    await page.click('button[data-action=expand-all]');
    await view.settled();
    const all = await edges();
    assert.ok(all.length > before.edges.length);
    const drawn = all.filter((e) => !e.hidden);
    assert.ok(
      drawn.every((e) => /^f32 \[/.test(e.text ?? '') || /^i64/.test(e.text ?? '')),
      drawn.map((e) => e.text).join(' | '),
    );
    assert.deepEqual(view.pageErrors, []);
    await page.close();
  });

  test('no two edge labels are drawn over each other, expanded: a tensor fanning out side by side is labelled once', async () => {
    for (const model of [RESNET_DYNAMO, SQUEEZENET, LLAMA]) await labelsApart(model, model === RESNET_DYNAMO);
  });

  async function labelsApart(model: string, stemFanOut: boolean): Promise<void> {
    const view = await openModel(browser, served, model);
    await shapesShown(view.page);
    await view.page.click('button[data-action=expand-all]');
    await view.settled();
    // Measured in the graph's own units, with the labels shown at any zoom.
    const labels = await view.page.evaluate(() => {
      document.querySelector('svg.no-text')?.classList.remove('no-text');
      return [...document.querySelectorAll<SVGGElement>('g.edge')].map((g) => {
        const text = g.querySelector<SVGTextElement>('text')!;
        const box = text.getBBox();
        return {
          hidden: g.classList.contains('label-hidden'),
          text: text.textContent ?? '',
          title: g.querySelector('title')!.textContent ?? '',
          box: { x: box.x, y: box.y, w: box.width, h: box.height },
        };
      });
    });
    const hidden = labels.filter((l) => l.hidden);
    const drawn = labels.filter((l) => !l.hidden && l.text !== '');
    assert.ok(drawn.length >= 10, `${path.basename(model)}: ${drawn.length} labels drawn`);
    for (const t of hidden) assert.equal(t.text, '', 'a hidden label draws nothing; its tooltip keeps it');
    // resnet50's stem: MaxPool feeds the first block's conv and its downsample conv, laid side by side.
    if (stemFanOut)
      assert.ok(
        hidden.some((t) => drawn.some((d) => d.text === t.title)),
        'a hidden label that its sibling shows',
      );
    const overlaps = (a: (typeof drawn)[0]['box'], b: (typeof drawn)[0]['box']): boolean =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (let i = 0; i < drawn.length; i++)
      for (let j = i + 1; j < drawn.length; j++)
        assert.ok(
          !overlaps(drawn[i].box, drawn[j].box),
          `${path.basename(model)}: "${drawn[i].text}" overlaps "${drawn[j].text}"`,
        );
    assert.deepEqual(view.pageErrors, []);
    await view.page.close();
  }
});

function data(page: Page, key: string): Promise<string | undefined> {
  return page.evaluate((k) => document.getElementById('app')!.dataset[k], key);
}

function panelText(page: Page): Promise<string> {
  return page.$eval('.side-panel', (e) => e.textContent ?? '');
}

/** Waits until the inferred types the host sent after the skeleton are drawn (`data-shapes-ms`). */
async function shapesShown(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getElementById('app')!.dataset.shapesMs !== undefined, undefined, {
    timeout: 30_000,
  });
}
