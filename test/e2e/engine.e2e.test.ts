// The engine view in a real VS Code (code-server + headless Chromium, the packaged extension): a workspace holding the
// real QAT ResNet set of the TREx corpus (layer JSON + --exportProfile JSON, TensorRT 8.4, A100) with the ONNX graph it
// was built from (the corpus has no ONNX file for it: test/engine/qat-stem.ts, its nodes named as the export named
// them). The JSON is opened from Quick Open and shown with "ModelReady: Open Engine Description"; the engine view
// draws every layer of the JSON with its time share and the findings; "Reveal in ONNX graph" opens the graph beside it
// with the layer's ONNX nodes selected, and the graph's "Reveal in engine" selects the layers back. No CSP refusal on
// the way. Screenshots go to test/.tmp/e2e-screenshots (engine-*), one in Dark High Contrast.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { EngineReport } from '../../server/contract/engine';
import { loadEngineReport } from '../../server/engine/load-engine';
import { qatStem } from '../engine/qat-stem';
import { readJson, trexRoot } from '../profiling/corpus';
import { debianPython, repoRoot } from '../support/paths';
import { openWorkbench, type OpenedWorkbench } from './code-server';
import { workbench } from './workbench';

const SET = path.join(trexRoot, 'examples/pytorch/resnet/A100/qat');
const STEM = 'resnet-qat.onnx.engine';
const LAYER_JSON = `engine/${STEM}.graph.json`;
/** The layer revealed in the graph: the first conv, its weight and input quantized. */
const CONV = 'conv1.weight + QuantizeLinear_7 + Conv_9';
/** The node revealed in the engine: a pool whose output TensorRT reformats, two layers. */
const POOL = 'MaxPool_12';

/** Workspace settings: the theme of the screenshots (Dark Modern, VS Code's default dark theme; then high contrast). */
let settingsFile: string;
const setTheme = (theme: string) =>
  fs.writeFileSync(settingsFile, JSON.stringify({ 'workbench.colorTheme': theme }, null, 2));

let wb: OpenedWorkbench | undefined;
let page: Page;
let report: EngineReport;
const { runCommand, openFile } = workbench(() => page);
const step = (name: string, body: () => Promise<void>) => wb!.step(name, body);
// Chromium reports every CSP refusal on the console, whichever frame it happens in.
const cspMessages: string[] = [];

before(async () => {
  wb = await openWorkbench({
    name: 'engine',
    prepare: ({ workspace }) => {
      fs.mkdirSync(path.join(workspace, '.vscode'));
      settingsFile = path.join(workspace, '.vscode/settings.json');
      setTheme('Default Dark Modern');
      const dir = path.join(workspace, 'engine');
      fs.mkdirSync(dir);
      for (const file of [`${STEM}.graph.json`, `${STEM}.profile.json`])
        fs.copyFileSync(path.join(SET, file), path.join(dir, file));
      // resnet-qat.onnx beside resnet-qat.onnx.engine.graph.json: the view finds it by the TREx naming.
      execFileSync(debianPython, [path.join(repoRoot, 'test/rules/build_models.py'), dir], {
        input: JSON.stringify({ 'resnet-qat': qatStem('') }),
      });
      report = loadEngineReport({
        layers: path.join(dir, `${STEM}.graph.json`),
        profile: path.join(dir, `${STEM}.profile.json`),
        onnx: path.join(dir, 'resnet-qat.onnx'),
      });
    },
  });
  page = wb.page;
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspMessages.push(m.text());
  });
  await step('extension activated', () =>
    page.locator('.statusbar-item[id="modelready.modelready.modelready.readiness"]').waitFor({ timeout: 90_000 }),
  );
});

after(() => wb?.close());

/** The frames (code-server nests each webview: workbench → webview iframe → active frame) whose page has `selector`. */
async function framesWith(selector: string): Promise<Frame[]> {
  const found: Frame[] = [];
  for (const frame of page.frames()) {
    if (await frame.evaluate((s) => document.querySelector(s) !== null, selector).catch(() => false)) found.push(frame);
  }
  return found;
}

/** Polls until a frame has `selector` and `ready(frame)` holds there; fails naming `what` after `ms`. */
async function frameWhere(
  selector: string,
  what: string,
  ready: (frame: Frame) => Promise<boolean> = async () => true,
  ms = 90_000,
): Promise<Frame> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const frame of await framesWith(selector)) if (await ready(frame).catch(() => false)) return frame;
    await page.waitForTimeout(300);
  }
  throw new Error(`no frame shows ${what} within ${ms / 1000} s`);
}

/** Scrolls the engine canvas top to bottom; per drawn layer index, its box's first text line and name. */
async function scrollThrough(engine: Frame): Promise<Map<number, { title: string; name: string }>> {
  const seen = new Map<number, { title: string; name: string }>();
  await engine.evaluate(() => document.querySelector('.canvas')!.scrollTo(0, 0));
  for (let i = 0; i < 200; i++) {
    await engine.waitForSelector('g.layer', { timeout: 30_000 });
    const drawn = await engine.$$eval('g.layer', (gs) =>
      gs.map((g) => ({
        index: Number((g as SVGGElement).dataset.index),
        title: g.querySelector('text.title')!.textContent!,
        name: g.querySelector('title')!.textContent!.split('\n')[0],
      })),
    );
    for (const d of drawn) seen.set(d.index, d);
    const atEnd = await engine.evaluate(() => {
      const c = document.querySelector('.canvas')!;
      if (c.scrollTop + c.clientHeight >= c.scrollHeight - 1) return true;
      c.scrollBy(0, c.clientHeight / 2);
      return false;
    });
    if (atEnd) break;
    // The canvas redraws in the frame after the scroll event.
    await engine.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  await engine.evaluate(() => document.querySelector('.canvas')!.scrollTo(0, 0));
  return seen;
}

let engine: Frame;

test(
  'Open Engine Description: every layer of the JSON, its time share, the findings',
  { timeout: 300_000 },
  async () => {
    const raw = readJson(path.join(SET, `${STEM}.graph.json`)) as { Layers: { Name: string }[] };
    const profiled = new Map(
      (readJson(path.join(SET, `${STEM}.profile.json`)) as { name?: string; percentage?: number }[]).flatMap((r) =>
        r.name !== undefined && r.percentage !== undefined ? [[r.name, r.percentage] as const] : [],
      ),
    );
    await step('open the layer JSON', () => openFile(LAYER_JSON));
    await step('open engine description', async () => {
      await runCommand('ModelReady: Open Engine Description');
      await page.locator('.tabs-container .tab.active', { hasText: `Engine: ${STEM}` }).waitFor({ timeout: 60_000 });
      engine = await frameWhere('#engine', 'the engine view laid out', (f) =>
        f.evaluate(() => document.getElementById('engine')!.dataset.layoutDone === 'true'),
      );
      // The workspace's theme reached the view (VS Code puts the theme kind on the webview's body).
      await engine.waitForFunction(() => document.body.classList.contains('vscode-dark'), undefined, {
        timeout: 30_000,
      });
    });
    await wb!.screenshot('01-engine-view');
    await step('every layer, in engine order', async () => {
      const meta = await engine.locator('header .meta').innerText();
      assert.match(meta, new RegExp(`^${raw.Layers.length} layers · `));
      const data = await engine.evaluate(() => ({ ...document.getElementById('engine')!.dataset }));
      assert.equal(Number(data.layersReceived), raw.Layers.length);
      assert.equal(Number(data.layersPlaced), raw.Layers.length);
      const seen = await scrollThrough(engine);
      assert.deepEqual(
        [...seen.keys()].sort((a, b) => a - b).map((i) => seen.get(i)!.name),
        raw.Layers.map((l) => l.Name),
      );
      // Time shares: each profiled layer's box shows its share, to one decimal.
      const shares = [...seen.values()].filter((d) => profiled.has(d.name));
      assert.ok(
        shares.length > 0 && shares.length === profiled.size,
        `${shares.length} of ${profiled.size} rows drawn`,
      );
      for (const d of shares) assert.ok(d.title.endsWith(` · ${profiled.get(d.name)!.toFixed(1)}%`), d.title);
    });
    await step('findings', async () => {
      const shown = await engine.locator('.findings li').allInnerTexts();
      assert.ok(shown.length >= 1, 'at least one finding');
      assert.equal(shown.length, report.findings.length);
      assert.ok(
        shown.some((f) => f.includes('engine/reformat-share')),
        `reformats take over 10% of this engine's time: ${shown.join(' | ')}`,
      );
    });
  },
);

test(
  '"Reveal in ONNX graph" selects the layer\'s nodes in the graph beside; "Reveal in engine" goes back',
  { timeout: 300_000 },
  async () => {
    assert.ok(engine, 'the engine view is open');
    const index = report.layers.findIndex((l) => l.name === CONV);
    const nodes = report.layers[index].onnxNodes;
    assert.deepEqual(nodes, ['QuantizeLinear_7', 'Conv_9']);
    await step('select the layer', async () => {
      await engine.click(`g.layer[data-index="${index}"]`);
      await engine.locator('.details h3', { hasText: CONV }).waitFor({ timeout: 30_000 });
      assert.match(await engine.locator('.details').innerText(), /QuantizeLinear_7, Conv_9/);
    });
    await wb!.screenshot('02-layer-selected');
    let graph!: Frame;
    await step('reveal in ONNX graph', async () => {
      await engine.click('.details button[data-action="reveal"]');
      graph = await frameWhere('#app.graph-app', `${nodes[0]} selected in the graph`, (f) =>
        f.evaluate(
          (name) =>
            document.querySelector('.side-panel .node-name')?.textContent === name &&
            document.querySelectorAll('svg.graph g.box[data-selected=true]').length >= 2,
          nodes[0],
        ),
      );
      const selected = await graph.evaluate(() => ({
        key: document.getElementById('app')!.dataset.selected,
        together: document.getElementById('app')!.dataset.selectedTogether,
        drawn: [...document.querySelectorAll('svg.graph g.box[data-selected=true]')].map((b) => ({
          key: b.getAttribute('data-key')!,
          tip: b.querySelector('title')!.textContent!.split('\n')[0],
        })),
      }));
      assert.match(selected.key ?? '', /^n\d+$/, 'a node, not a group, is selected');
      assert.equal(selected.together?.split(' ').length, nodes.length - 1);
      // Each drawn selected box is a node of the layer (tooltip "OpType — name").
      assert.deepEqual(selected.drawn.map((d) => d.tip.split(' — ')[1]).sort(), [...nodes].sort());
      assert.deepEqual(
        selected.drawn.map((d) => d.key).sort(),
        [selected.key!, ...selected.together!.split(' ')].sort(),
      );
      // Side by side: the graph opened in its own group beside the engine view, which stays open.
      assert.equal(await page.locator('.editor-group-container').count(), 2);
      await page.locator('.tabs-container .tab', { hasText: 'resnet-qat.onnx' }).first().waitFor({ timeout: 10_000 });
      await page
        .locator('.tabs-container .tab', { hasText: `Engine: ${STEM}` })
        .first()
        .waitFor({ timeout: 10_000 });
    });
    await wb!.screenshot('03-revealed-in-graph');
    await step('reveal in engine', async () => {
      // MaxPool_12's layer and the reformat of its output both map to it.
      const from = report.layers.flatMap((l, i) => (l.onnxNodes.includes(POOL) ? [i] : []));
      assert.ok(from.length >= 2, `layers built from ${POOL}: ${from.join(', ')}`);
      // Found as a user finds a node off screen: the graph's search, then its result.
      await graph.fill('input.search', POOL);
      await graph.locator('.search-results button', { hasText: POOL }).first().click({ timeout: 30_000 });
      // A graph opened beside (a narrow editor) starts with its details panel closed: the user opens it.
      if (!(await graph.locator('.side-panel').isVisible())) await graph.click('button[data-action="toggle-panel"]');
      await graph.locator('.side-panel .node-name', { hasText: POOL }).waitFor({ timeout: 30_000 });
      await graph.click('.side-panel [data-action="reveal-in-engine"]');
      await engine.waitForFunction((n) => document.querySelectorAll('g.layer.selected').length === n, from.length, {
        timeout: 30_000,
      });
      const selected = await engine.$$eval('g.layer.selected', (gs) =>
        gs.map((g) => Number((g as SVGGElement).dataset.index)),
      );
      assert.deepEqual(
        selected.sort((a, b) => a - b),
        from,
      );
      assert.match(
        await engine.locator('.details h2').innerText(),
        new RegExp(`layers built from ONNX node "${POOL}"`),
      );
      // The engine view stayed in its group beside the graph.
      assert.equal(await page.locator('.editor-group-container').count(), 2);
    });
    await wb!.screenshot('04-revealed-in-engine');
  },
);

test(
  'no CSP refusal while the engine and graph views were used; the detector sees one',
  { timeout: 120_000 },
  async () => {
    assert.ok(engine, 'the engine view is open');
    assert.deepEqual(cspMessages, [], 'no CSP refusal on the console');
    // The detector works in the engine view's own frame: an injected inline script is refused and reported.
    await engine.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    const deadline = Date.now() + 15_000;
    while (cspMessages.length === 0 && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(cspMessages.length > 0, 'the injected inline script was reported');
    assert.equal(await engine.evaluate(() => (window as unknown as { __inline?: number }).__inline), undefined);
  },
);

test('high contrast: the engine view follows the theme', { timeout: 120_000 }, async () => {
  assert.ok(engine, 'the engine view is open');
  await step('Dark High Contrast', async () => {
    // VS Code applies an edited settings file at once, as when the user picks the theme.
    setTheme('Default High Contrast');
    await engine.waitForFunction(() => document.body.classList.contains('vscode-high-contrast'), undefined, {
      timeout: 30_000,
    });
  });
  await wb!.screenshot('05-high-contrast');
});
