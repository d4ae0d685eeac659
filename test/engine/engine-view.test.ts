// The engine view (dist/engine.js) in Debian's headless Chromium, in the page the extension serves (strict CSP), hosted
// by a real EngineSession over the real QAT ResNet engine of the TREx corpus (TensorRT 8.4, A100) with its profile:
// every layer drawn with its edges, reformat layers marked, time share overlay, details, "reveal in ONNX graph" and
// "reveal in engine" through the layer mapping, an invalid message refused; screenshots in the four theme kinds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EngineSession } from '../../server/engine/engine-session';
import { loadEngineReport } from '../../server/engine/load-engine';
import fs from 'node:fs';
import { scratchDir } from '../support/paths';
import { launchBrowser, serveLiveView, type ServedPage } from '../webview/harness';
import { deepEngine } from './deep-engine';
import { openEngineView, type EngineViewUnderTest } from './engine-page-host';
import { applyTheme, THEMES, type ThemeKind } from '../webview/themes';
import { readJson, trexRoot } from '../profiling/corpus';

const BASE = path.join(trexRoot, 'examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine');

describe('engine view in Chromium', () => {
  let browser: Browser;
  let served: ServedPage;
  let view: EngineViewUnderTest;
  let page: Page;
  let session: EngineSession;
  const report = loadEngineReport({ layers: `${BASE}.graph.json`, profile: `${BASE}.profile.json` });
  const shots = scratchDir('engine-view');

  before(async () => {
    served = await serveLiveView('engine');
    browser = await launchBrowser();
    view = await openEngineView(browser, served, 'resnet-qat.onnx.engine', report);
    ({ page, session } = view);
    await view.painted();
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  /** Scrolls the canvas top to bottom; per drawn layer index, its title's first line and heat opacity. */
  async function scrollThrough(): Promise<Map<number, { name: string; heat: number; reformat: boolean }>> {
    const seen = new Map<number, { name: string; heat: number; reformat: boolean }>();
    await page.evaluate(() => document.querySelector('.canvas')!.scrollTo(0, 0));
    for (let step = 0; step < 100; step++) {
      await page.waitForFunction(() => document.querySelectorAll('g.layer').length > 0);
      const drawn = await page.$$eval('g.layer', (gs) =>
        gs.map((g) => ({
          index: Number((g as SVGGElement).dataset.index),
          name: g.querySelector('title')!.textContent!.split('\n')[0],
          heat: Number(g.querySelector('rect.heat')?.getAttribute('fill-opacity') ?? 0),
          reformat: g.classList.contains('reformat'),
        })),
      );
      for (const d of drawn) seen.set(d.index, d);
      const atEnd = await page.evaluate(() => {
        const c = document.querySelector('.canvas')!;
        if (c.scrollTop + c.clientHeight >= c.scrollHeight - 1) return true;
        c.scrollBy(0, c.clientHeight / 2);
        return false;
      });
      if (atEnd) break;
      // The canvas redraws in the frame after the scroll event.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }
    return seen;
  }

  it('draws only the layers near the window, and every layer in engine order as it scrolls, with an edge per tensor', async () => {
    const raw = readJson(`${BASE}.graph.json`).Layers as {
      Name: string;
      LayerType: string;
      Inputs: { Name: string }[];
      Outputs: { Name: string }[];
    }[];
    await page.waitForFunction(() => document.getElementById('engine')!.dataset.layoutDone === 'true');
    const first = await page.locator('g.layer').count();
    assert.ok(first > 0 && first < raw.length, `${first} of ${raw.length} layers in the DOM at first`);
    const seen = await scrollThrough();
    assert.deepEqual(
      [...seen.keys()].sort((a, b) => a - b).map((i) => seen.get(i)!.name),
      raw.map((l) => l.Name),
    );
    const produced = new Map(raw.flatMap((l, i) => l.Outputs.map((t) => [t.Name, i] as const)));
    const expectedEdges = raw.flatMap((l, i) =>
      l.Inputs.filter((t) => produced.has(t.Name) && produced.get(t.Name) !== i),
    ).length;
    const data = await page.evaluate(() => ({ ...document.getElementById('engine')!.dataset }));
    assert.equal(Number(data.edgesPlaced), expectedEdges);
    assert.equal(Number(data.layersPlaced), raw.length);
    assert.ok((await page.locator('polyline.edge').count()) > 0);
    // Reformat layers and the NoOp copies TensorRT names "Reformatting CopyNode …" are drawn as reformats.
    const reformats = raw.filter(
      (l) => l.LayerType === 'Reformat' || l.Name.startsWith('Reformatting CopyNode'),
    ).length;
    assert.equal([...seen.values()].filter((d) => d.reformat).length, reformats);
    // The heat overlay is strongest on the layer with the largest profiled share.
    const profile = (readJson(`${BASE}.profile.json`) as { name: string; percentage: number }[]).slice(1);
    const top = profile.reduce((a, b) => (b.percentage > a.percentage ? b : a));
    const strongest = [...seen.values()].reduce((a, b) => (b.heat > a.heat ? b : a));
    assert.equal(strongest.name, top.name);
    assert.match((await page.textContent('.findings'))!, /engine\/reformat-share/);
    assert.deepEqual(view.pageErrors, []);
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
      [],
    );
  });

  it('a selected layer shows its formats, tactic and ONNX nodes; "Reveal in ONNX graph" hands them to the host', async () => {
    const name = 'conv1.weight + QuantizeLinear_7 + Conv_9';
    const index = report.layers.findIndex((l) => l.name === name);
    await page.evaluate(() => document.querySelector('.canvas')!.scrollTo(0, 0));
    await page.click(`g.layer[data-index="${index}"]`);
    const details = (await page.textContent('.details'))!;
    assert.match(details, /ampere_fp32_icudnn_int8x4_128x64_relu_medium_nn_v1/);
    assert.match(details, /INT8 Four wide channel vectorized row major/);
    assert.match(details, /QuantizeLinear_7, Conv_9/);
    await page.click('.details button[data-action="reveal"]');
    await page.waitForFunction(() => true);
    for (let i = 0; i < 50 && view.revealed.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(view.revealed, [{ nodes: ['QuantizeLinear_7', 'Conv_9'], layer: name }]);
  });

  it('"Reveal in engine" from an ONNX node selects the layers built from it', async () => {
    assert.equal(session.revealNode('Conv_22'), true);
    await page.waitForSelector('g.layer.selected >> nth=0');
    const selected = await page.$$eval('g.layer.selected title', (ts) => ts.map((t) => t.textContent!.split('\n')[0]));
    // The conv and the reformat feeding it (QuantizeLinear_15) both map to Conv_22.
    assert.deepEqual(
      selected,
      report.layers.filter((l) => l.onnxNodes.includes('Conv_22')).map((l) => l.name),
    );
    assert.ok(selected.length >= 2);
    assert.equal(session.revealNode('no-such-node'), false);
  });

  it('an invalid message from the view is refused and answered, nothing else happens', async () => {
    const before = view.revealed.length;
    await page.evaluate(() =>
      (window as unknown as { __modelreadyHost(m: unknown): void }).__modelreadyHost({
        type: 'engine/revealInOnnx',
        layer: -1,
      }),
    );
    await page.evaluate(() =>
      (window as unknown as { __modelreadyHost(m: unknown): void }).__modelreadyHost({
        type: 'engine/ready',
        extra: 1,
      }),
    );
    assert.equal(view.revealed.length, before);
    assert.deepEqual(view.invalid, [
      'engine/revealInOnnx: field "layer" is missing or invalid',
      'engine/ready: unexpected field "extra"',
    ]);
    assert.ok(view.toView.filter((m) => m.type === 'engine/error').length >= 2);
  });

  it('a long engine comes in slices after the first paint; a reveal of a late layer waits for it and scrolls to it', async () => {
    const deep = deepEngine(1000);
    const dir = scratchDir('engine-view-deep');
    fs.writeFileSync(path.join(dir, 'deep.json'), JSON.stringify(deep.layerInfo));
    fs.writeFileSync(path.join(dir, 'deep.profile.json'), JSON.stringify(deep.profile));
    const long = loadEngineReport({
      layers: path.join(dir, 'deep.json'),
      profile: path.join(dir, 'deep.profile.json'),
    });
    const other = await openEngineView(browser, served, 'deep.json', long);
    try {
      await other.painted();
      const first = other.toView.find((m) => m.type === 'engine/show')!;
      assert.ok(first.type === 'engine/show' && first.layers.length < long.layers.length);
      // The last copy's conv: the node the engine layer names last, in the last slice.
      const last = long.layers.length - 1 - [...long.layers].reverse().findIndex((l) => l.onnxNodes.length > 0);
      const node = long.layers[last].onnxNodes.at(-1)!;
      assert.equal(other.session.revealNode(node), true);
      await other.page.waitForFunction(
        (n) => document.getElementById('engine')!.dataset.layersReceived === String(n),
        long.layers.length,
      );
      await other.page.waitForSelector(`g.layer.selected[data-index="${last}"]`);
      assert.ok(other.toView.filter((m) => m.type === 'engine/layers').length >= 2);
      const drawn = await other.page.locator('g.layer').count();
      assert.ok(drawn < long.layers.length / 4, `${drawn} boxes in the DOM`);
      assert.match(
        (await other.page.textContent('.details'))!,
        new RegExp(long.layers[last].name.replace(/[^\w ]/g, '.')),
      );
      assert.deepEqual(other.pageErrors, []);
    } finally {
      await other.page.close();
    }
  });

  it('screenshots in the four theme kinds', async () => {
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(page, kind);
      await page.evaluate(() => document.querySelector('.canvas')!.scrollTo(0, 0));
      await page.screenshot({ path: path.join(shots, `engine-${kind}.png`) });
    }
    assert.deepEqual(view.pageErrors, []);
  });
});
