// The engine view (dist/engine.js) in Debian's headless Chromium, in the page the extension serves (strict CSP), hosted
// by a real EngineSession over the real QAT ResNet engine of the TREx corpus (TensorRT 8.4, A100) with its profile:
// every layer drawn with its edges, reformat layers marked, time share overlay, details, "reveal in ONNX graph" and
// "reveal in engine" through the layer mapping, an invalid message refused; screenshots in the four theme kinds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { EngineHostMessage } from '../../server/contract/engine-view';
import { EngineSession } from '../../server/engine/engine-session';
import { loadEngineReport } from '../../server/engine/load-engine';
import { scratchDir } from '../support/paths';
import { launchBrowser, serveLiveView, STAND_IN_API, type ServedPage } from '../webview/harness';
import { applyTheme, THEMES, type ThemeKind } from '../webview/themes';
import { readJson, trexRoot } from '../profiling/corpus';

const BASE = path.join(trexRoot, 'examples/pytorch/resnet/A100/qat/resnet-qat.onnx.engine');

describe('engine view in Chromium', () => {
  let browser: Browser;
  let served: ServedPage;
  let page: Page;
  let session: EngineSession;
  const report = loadEngineReport({ layers: `${BASE}.graph.json`, profile: `${BASE}.profile.json` });
  const revealed: { nodes: string[]; layer: string }[] = [];
  const invalid: string[] = [];
  const toView: EngineHostMessage[] = [];
  const pageErrors: string[] = [];
  const shots = scratchDir('engine-view');

  before(async () => {
    served = await serveLiveView('engine');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    let chain = Promise.resolve();
    session = new EngineSession('resnet-qat.onnx.engine', report, {
      post: (m) => {
        toView.push(m);
        chain = chain
          .then(() => page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>))
          .catch(() => undefined);
      },
      revealInOnnx: (nodes, layer) => revealed.push({ nodes, layer }),
      onInvalid: (e) => invalid.push(e),
    });
    await page.exposeBinding('__modelreadyHost', (_source, message: unknown) => session.receive(message));
    await page.addInitScript(STAND_IN_API);
    await page.goto(served.url);
    await page.waitForSelector('g.layer');
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('draws every engine layer in engine order, with an edge per tensor passed between layers', async () => {
    const raw = readJson(`${BASE}.graph.json`).Layers as {
      Name: string;
      LayerType: string;
      Inputs: { Name: string }[];
      Outputs: { Name: string }[];
    }[];
    const titles = await page.$$eval('g.layer title', (ts) => ts.map((t) => t.textContent!.split('\n')[0]));
    assert.deepEqual(
      titles,
      raw.map((l) => l.Name),
    );
    const produced = new Map(raw.flatMap((l, i) => l.Outputs.map((t) => [t.Name, i] as const)));
    const expectedEdges = raw.flatMap((l, i) =>
      l.Inputs.filter((t) => produced.has(t.Name) && produced.get(t.Name) !== i),
    ).length;
    assert.equal(await page.locator('polyline.edge').count(), expectedEdges);
    // Reformat layers and the NoOp copies TensorRT names "Reformatting CopyNode …" are drawn as reformats.
    const reformats = raw.filter(
      (l) => l.LayerType === 'Reformat' || l.Name.startsWith('Reformatting CopyNode'),
    ).length;
    assert.equal(await page.locator('g.layer.reformat').count(), reformats);
    // The heat overlay is strongest on the layer with the largest profiled share.
    const profile = (readJson(`${BASE}.profile.json`) as { name: string; percentage: number }[]).slice(1);
    const top = profile.reduce((a, b) => (b.percentage > a.percentage ? b : a));
    const opacity = await page.$$eval('g.layer', (gs) =>
      gs.map((g) => Number(g.querySelector('rect.heat')?.getAttribute('fill-opacity') ?? 0)),
    );
    assert.equal(titles[opacity.indexOf(Math.max(...opacity))], top.name);
    assert.match((await page.textContent('.findings'))!, /engine\/reformat-share/);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
      [],
    );
  });

  it('a selected layer shows its formats, tactic and ONNX nodes; "Reveal in ONNX graph" hands them to the host', async () => {
    const name = 'conv1.weight + QuantizeLinear_7 + Conv_9';
    const index = report.layers.findIndex((l) => l.name === name);
    await page.click(`g.layer[data-index="${index}"]`);
    const details = (await page.textContent('.details'))!;
    assert.match(details, /ampere_fp32_icudnn_int8x4_128x64_relu_medium_nn_v1/);
    assert.match(details, /INT8 Four wide channel vectorized row major/);
    assert.match(details, /QuantizeLinear_7, Conv_9/);
    await page.click('.details button[data-action="reveal"]');
    await page.waitForFunction(() => true);
    for (let i = 0; i < 50 && revealed.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(revealed, [{ nodes: ['QuantizeLinear_7', 'Conv_9'], layer: name }]);
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
    const before = revealed.length;
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
    assert.equal(revealed.length, before);
    assert.deepEqual(invalid, [
      'engine/revealInOnnx: field "layer" is missing or invalid',
      'engine/ready: unexpected field "extra"',
    ]);
    assert.ok(toView.filter((m) => m.type === 'engine/error').length >= 2);
  });

  it('screenshots in the four theme kinds', async () => {
    for (const kind of Object.keys(THEMES) as ThemeKind[]) {
      await applyTheme(page, kind);
      await page.evaluate(() => document.querySelector('.canvas')!.scrollTo(0, 0));
      await page.screenshot({ path: path.join(shots, `engine-${kind}.png`) });
    }
    assert.deepEqual(pageErrors, []);
  });
});
