// The graph editor's everyday experience (issue 15, items 1–5) in Debian's headless Chromium, hosted by the real
// GraphSession over real findings: whole-model findings, the first screen, viewport and layout in a split editor,
// colours in the four theme kinds (axe-core color-contrast), weight shapes and attributes. Screenshots of every theme
// kind go to test/.tmp/screens.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { analyzeFile } from '../../server/analyze';
import { INITIAL_VISIBLE_BUDGET } from '../../server/graph/build';
import { corpusOnnxDir, repoRoot } from '../support/paths';
import { launchBrowser, openModel, servePage, type ServedPage, type ViewUnderTest } from './harness';
import { oneScopeModel } from './models';
import { applyTheme, THEMES, type ThemeKind } from './themes';
import { contrastViolations } from './contrast';

const SCREENS = path.join(repoRoot, 'test/.tmp/screens');
const FASTERRCNN = path.join(corpusOnnxDir, 'fasterrcnn_mnv3_op11.onnx');
const SQUEEZENET = path.join(corpusOnnxDir, 'squeezenet_op9.onnx');

let browser: Browser;
let served: ServedPage;
let oneScope: string;

async function open(file: string, viewport?: { width: number; height: number }): Promise<ViewUnderTest> {
  return openModel(browser, served, file, { findings: analyzeFile(file), viewport });
}

async function frames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function data(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...document.getElementById('app')!.dataset }) as Record<string, string>);
}

async function waitSelected(page: Page, key: string): Promise<void> {
  await page.waitForFunction((k) => document.getElementById('app')!.dataset.selected === k, key, { timeout: 10_000 });
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

type Box = { x: number; y: number; width: number; height: number };
const rect = (page: Page, selector: string): Promise<Box> =>
  page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('graph editor in headless Chromium', { timeout: 180_000 }, () => {
  before(async () => {
    served = await servePage();
    browser = await launchBrowser();
    oneScope = oneScopeModel(130);
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  test('findings about the whole model: banner with counts and fixes, graph input marked, idle panel lists them, ◀/▶ reaches them', async () => {
    const view = await open(oneScope);
    const graph = view.session.main;
    const model = graph.diagnostics.map((d, i) => ({ d, i })).filter(({ d }) => d.node < 0);
    const dynamic = model.find(({ d }) => d.ruleId === 'shape/dynamic-input-needs-profile');
    assert.ok(dynamic, 'the symbolic input is a whole-model finding');
    const input = graph.nodes.find((n) => n.kind === 'input' && n.name === 'input_ids')!;
    assert.deepEqual(dynamic.d.concerns, [input.id], 'the finding concerns the graph input it names');

    // Banner: counts of every finding by severity, and the whole-model ones with their fix buttons.
    const counts = await view.page.textContent('.findings-banner .counts');
    assert.match(counts!, new RegExp(`${graph.diagnostics.length} finding`));
    assert.match(counts!, new RegExp(`${model.length} about the whole model`));
    const items = await view.page.$$eval('.findings-banner li', (els) => els.map((e) => e.textContent));
    assert.equal(items.length, model.length);
    assert.ok(items.some((t) => t!.includes('input "input_ids"')));
    await view.page.click(`.findings-banner li[data-finding="${dynamic.i}"] button[data-fix="config.addProfile"]`);
    for (let i = 0; i < 50 && view.fixes.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(view.fixes, [
      { nodeName: '', ruleId: 'shape/dynamic-input-needs-profile', fixId: 'config.addProfile' },
    ]);

    // The graph input it concerns carries its mark.
    const mark = await view.page.$eval(`g.box[data-key="n${input.id}"]`, (g) => g.getAttribute('data-severity'));
    assert.equal(mark, dynamic.d.severity);

    // Nothing selected (what a click in Problems on a whole-model finding opens): the panel lists these findings.
    const panel = await view.page.textContent('.side-panel');
    assert.equal(
      await view.page.getAttribute('.side-panel vscode-collapsible', 'title'),
      `Findings about the whole model (${model.length})`,
    );
    assert.match(panel!, /input "input_ids" has dynamic shape/);
    assert.equal(await view.page.locator('.side-panel vscode-button[data-fix="config.addProfile"]').count(), 1);

    // ◀/▶ Problem: worst severity first, and a whole-model finding before the nodes of its severity.
    await view.page.click('button[data-action=next-problem]');
    await waitSelected(view.page, `m${model[0].i}`);
    assert.equal(
      await view.page.getAttribute('.side-panel vscode-collapsible', 'title'),
      'Finding about the whole model (1)',
    );
    assert.equal(
      await view.page.getAttribute(`.findings-banner li[data-finding="${model[0].i}"]`, 'data-selected'),
      'true',
    );
    await screenshot(view.page, 'whole-model-findings');
    assert.deepEqual(view.pageErrors, []);
    await view.page.close();
  });

  test('the first screen uses the box budget whatever the nesting: one huge scope opens, edge labels are whole', async () => {
    const view = await open(oneScope);
    const graph = view.session.main;
    const d = await data(view.page);
    const shown = Number(d.sceneNodes) + Number(d.sceneGroups);
    // Before: the root's input, output and one collapsed group (3 boxes); the scope holds 130 blocks.
    assert.ok(shown >= INITIAL_VISIBLE_BUDGET / 2, `first screen shows ${shown} boxes`);
    assert.ok(graph.skeleton().initiallyExpanded.length > 1);
    const labels = await view.page.$$eval('g.edge', (els) =>
      els.map((e) => ({ text: e.querySelector('text')!.textContent, title: e.querySelector('title')!.textContent })),
    );
    const shownText = labels.filter((l) => l.text !== '');
    assert.ok(shownText.length > 0, 'edge labels are drawn');
    for (const l of shownText) assert.equal(l.text, l.title, 'an edge label is never cut');
    await view.page.close();
  });

  test('weight shapes inside node boxes, attributes on hover', async () => {
    const view = await open(SQUEEZENET);
    const graph = view.session.main;
    const conv = graph.nodes.find((n) => n.op === 'Conv')!;
    await view.post({ type: 'graph/reveal', nodeName: conv.name });
    await waitSelected(view.page, `n${conv.id}`);
    await frames(view.page);
    const weight = conv.inputs.find((p) => p.initializer && p.param === 'W')!;
    assert.ok(weight.shape, 'the Conv weight has a shape');
    const lines = await view.page.$$eval(`g.box[data-key="n${conv.id}"] text.weights tspan`, (els) =>
      els.map((e) => e.textContent),
    );
    assert.ok(lines.includes(`W ⟨${weight.shape}⟩`), `weight lines: ${lines.join(' | ')}`);
    const inBox = await view.page.$eval(`g.box[data-key="n${conv.id}"]`, (g) => {
      const box = (g.querySelector('rect') as SVGGraphicsElement).getBBox();
      const text = (g.querySelector('text.weights') as SVGGraphicsElement).getBBox();
      return text.y >= box.y && text.y + text.height <= box.y + box.height + 0.5;
    });
    assert.ok(inBox, 'the weight lines sit inside the node box');
    const tooltip = await view.page.$eval(`g.box[data-key="n${conv.id}"] > title`, (t) => t.textContent);
    for (const a of conv.attributes) assert.ok(tooltip!.includes(`${a.name} = `), `tooltip names ${a.name}`);
    await screenshot(view.page, 'weights-in-boxes');
    await view.page.close();
  });

  test('viewport after expand, collapse and resize; panel and minimap never cover the graph; selection and minimap colours', async () => {
    const view = await open(FASTERRCNN);
    const graph = view.session.main;
    const expanded = new Set(graph.skeleton().initiallyExpanded);
    const target = graph
      .allGroupIds()
      .find((g) => !expanded.has(g) && expanded.has(graph.group(g)!.parent) && graph.content(g)!.nodes.length > 3)!;
    await view.page.click('button[data-action=fit]');
    await view.page.dblclick(`g.box[data-key="g${target}"]`);
    await view.settled();
    await frames(view.page);
    const host = await rect(view.page, '.canvas-host');
    const frameBox = await rect(view.page, `g.box[data-key="f${target}"] rect`);
    assert.ok(overlap(frameBox, host), 'the expanded group is in view');
    // Enter on the selected (expanded) group collapses it.
    await view.page.focus('.canvas-host');
    await view.page.keyboard.press('Enter');
    await view.settled();
    await frames(view.page);
    const collapsed = await rect(view.page, `g.box[data-key="g${target}"] rect`);
    assert.ok(inside(collapsed, await rect(view.page, '.canvas-host')), 'the collapsed group is in view');

    // A split editor: narrow. The panel and the minimap start closed; the graph has the whole width.
    await view.page.setViewportSize({ width: 600, height: 520 });
    await view.page.waitForFunction(() => document.querySelector<HTMLElement>('.side-panel')!.hidden);
    assert.equal(await view.page.$eval('canvas.minimap', (c) => (c as HTMLElement).hidden), true);
    await frames(view.page);
    const narrow = await rect(view.page, '.canvas-host');
    assert.ok(narrow.width >= 598, `the graph takes the width (${narrow.width})`);
    const nodes = await view.page.$$eval('svg.graph g.box', (els) => els.length);
    assert.ok(nodes > 0, 'the fitted view is drawn again after the resize');
    // Opened by the user, the panel sits beside the graph, never over it.
    await view.page.click('button[data-action=toggle-panel]');
    assert.equal(await view.page.getAttribute('button[data-action=toggle-panel]', 'aria-pressed'), 'true');
    assert.ok(!overlap(await rect(view.page, '.canvas-host'), await rect(view.page, '.side-panel')));
    await view.page.click('button[data-action=toggle-panel]');
    await view.page.setViewportSize({ width: 1400, height: 900 });
    await frames(view.page);
    assert.equal(await view.page.$eval('.side-panel', (e) => (e as HTMLElement).hidden), true, 'the choice stands');
    await view.page.click('button[data-action=toggle-panel]');
    await view.page.click('button[data-action=toggle-minimap]');
    await view.page.click('button[data-action=toggle-minimap]');
    assert.equal(await view.page.$eval('canvas.minimap', (c) => (c as HTMLElement).hidden), false);

    // Selection colour differs from every severity colour, in every theme kind.
    // (The walk starts with the findings about the whole model; on to the first node.)
    for (let i = 0; i < 10 && !(await data(view.page)).selected?.startsWith('n'); i++) {
      await view.page.click('button[data-action=next-problem]');
      await frames(view.page);
    }
    await view.page.waitForFunction(() => document.querySelector('g.box[data-selected="true"]') !== null);
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await frames(view.page);
      const colours = await view.page.evaluate(() => {
        const css = getComputedStyle(document.querySelector('.canvas-host')!);
        const [selected, ...severities] = ['--graph-selected', '--graph-error', '--graph-warning', '--graph-info'].map(
          (n) => css.getPropertyValue(n).trim().toLowerCase(),
        );
        return { selected, severities };
      });
      assert.ok(!colours.severities.includes(colours.selected), `${kind}: selection ${colours.selected}`);
      const stroke = await view.page.$eval(
        'g.box[data-selected="true"] rect',
        (r) => getComputedStyle(r).strokeDasharray,
      );
      assert.notEqual(stroke, 'none', `${kind}: the selection is dashed too`);
    }

    // The minimap paints marked boxes in their severity's colour.
    await applyTheme(view.page, 'light');
    await frames(view.page);
    const minimap = await view.page.$eval('canvas.minimap', (c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const px = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      const seen = new Set<string>();
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0) seen.add(`${px[i]},${px[i + 1]},${px[i + 2]}`);
      return [...seen];
    });
    const marked = (await view.page.$$eval('svg.graph g.box[data-severity]', (els) =>
      els.map((e) => e.getAttribute('data-severity')),
    )) as string[];
    const rgb = { error: '229,20,0', warning: '191,136,3', info: '26,133,255' } as Record<string, string>;
    for (const s of new Set(marked))
      assert.ok(minimap.includes(rgb[s]), `the minimap shows ${s} marks in their colour`);
    assert.deepEqual(view.pageErrors, []);
    await view.page.close();
  });

  test('every theme kind is readable: axe-core color-contrast passes in light, dark, hc-dark and hc-light', async () => {
    const view = await open(oneScope);
    // A node selected, so the panel, the toolbar, the banner and the I/O boxes are all on screen.
    const graph = view.session.main;
    const input = graph.nodes.find((n) => n.kind === 'input')!;
    await view.post({ type: 'graph/reveal', nodeName: input.name });
    await waitSelected(view.page, `n${input.id}`);
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(view.page, kind);
      await frames(view.page);
      const violations = await contrastViolations(view.page);
      assert.deepEqual(violations, [], `${kind}: ${violations.join('\n')}`);
      // The I/O box's text on its fill: the high contrast themes define no diff colours to fill it with.
      const io = await view.page.$eval(`g.box[data-key="n${input.id}"]`, (g) => ({
        fill: getComputedStyle(g.querySelector('rect')!).fill,
        text: getComputedStyle(g.querySelector('text.title')!).fill,
      }));
      assert.notEqual(io.fill, io.text, `${kind}: the input box's text stands out from its fill`);
      await screenshot(view.page, `theme-${kind}`);
    }
    assert.deepEqual(await view.cspViolations(), []);
    await view.page.close();
  });
});
