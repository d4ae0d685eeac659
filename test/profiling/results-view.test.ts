// The results view (dist/results.js) in Debian's headless Chromium, in the page the extension serves (strict CSP),
// hosted by a real ResultsSession over a RunStore holding two real corpus runs (ResNet-50 on an A100, FP32 and FP16,
// imported from the recorded trtexec exports): summary, histogram, table rows, sort, search, compare, show on graph.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { storeSource } from '../../server/profiling/results-session';
import { runOrtLocal, storeOrtRun } from '../../server/profiling/ort-local';
import type { StoredRun } from '../../server/contract/runs';
import { nodeTimeShares, RunStore } from '../../server/profiling/run-store';
import type { GraphOverlay } from '../../server/contract/graph-view';
import type { ResultsHostMessage } from '../../server/contract/results-view';
import { scratchDir } from '../support/paths';
import { launchBrowser, type ServedPage } from '../webview/harness';
import { importCorpusRun, openResultsPage, serveResultsPage } from './results-page-host';
import { readJson, sharedRoot, trexRoot } from './corpus';

const MODEL = '/models/resnet50.onnx';

describe('results view in Chromium', () => {
  let browser: Browser;
  let served: ServedPage;
  let page: Page;
  let fp32: StoredRun;
  let fp16: StoredRun;
  const overlays: GraphOverlay[] = [];
  const invalid: string[] = [];
  const toView: ResultsHostMessage[] = [];
  const pageErrors: string[] = [];
  const shots = scratchDir('results-view');

  before(async () => {
    const store = new RunStore(scratchDir('results-store'));
    fp32 = await importCorpusRun(store, MODEL, 'fp32', new Date('2026-03-01T10:00:00Z'));
    fp16 = await importCorpusRun(store, MODEL, 'fp16', new Date('2026-03-02T10:00:00Z'));
    served = await serveResultsPage();
    browser = await launchBrowser();
    ({ page } = await openResultsPage(browser, served, storeSource(store, MODEL), {
      overlays,
      invalid,
      toView,
      pageErrors,
    }));
    await page.waitForSelector('table.layers tbody tr');
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  const names = () => page.$$eval('table.layers tbody tr td.name', (tds) => tds.map((td) => td.textContent));

  it('shows the newest run: summary figures, every layer in profile order, a histogram of every sample', async () => {
    assert.equal(await page.textContent('h1'), 'A100 FP16');
    const meta = readJson(
      path.join(trexRoot, 'examples/pytorch/resnet/A100/fp16/resnet.onnx.engine.profile.metadata.json'),
    ).performance_summary;
    assert.equal(await page.textContent('.card:first-child .card-value'), `${meta.Throughput.toFixed(1)} qps`);
    assert.deepEqual(
      await names(),
      fp16.run.layers.map((l) => l.name),
    );
    assert.equal(await page.textContent('.row-count'), `${fp16.run.layers.length} of ${fp16.run.layers.length} layers`);
    const statRows = await page.$$eval('table.stats tbody th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(
      statRows,
      ['Latency', 'Enqueue', 'H2D', 'GPU compute', 'D2H'].filter(
        (_, i) =>
          [
            fp16.run.summary.latency,
            fp16.run.summary.enqueue,
            fp16.run.summary.h2d,
            fp16.run.summary.gpuCompute,
            fp16.run.summary.d2h,
          ][i],
      ),
    );
    const binCounts = await page.$$eval('.histogram .bars rect title', (ts) =>
      ts.map((t) => Number(t.textContent!.split(': ').pop())),
    );
    assert.ok(binCounts.length > 5, `${binCounts.length} bins`);
    assert.equal(
      binCounts.reduce((a, b) => a + b, 0),
      fp16.latencySamplesMs!.length,
      'every sample lands in one bin',
    );
    const topBars = await page.$$eval('.top-layers g.bar title', (ts) => ts.map((t) => t.textContent));
    assert.deepEqual(
      topBars,
      [...fp16.run.layers]
        .sort((a, b) => b.averageMs! - a.averageMs!)
        .slice(0, 10)
        .map((l) => l.name),
    );
    await page.screenshot({ path: path.join(shots, 'results-fp16.png'), fullPage: true });
  });

  it('sorts by a column (slowest first, then flipped) and filters by layer or ONNX node name', async () => {
    await page.click('th[data-key=averageMs] button');
    // Ties keep profile order; descending is the exact reverse of ascending.
    const ascending = fp16.run.layers
      .map((l, i) => ({ l, i }))
      .sort((a, b) => a.l.averageMs! - b.l.averageMs! || a.i - b.i)
      .map(({ l }) => l.name);
    assert.deepEqual(await names(), [...ascending].reverse());
    assert.equal(await page.getAttribute('th[data-key=averageMs]', 'aria-sort'), 'descending');
    await page.click('th[data-key=averageMs] button');
    assert.deepEqual(await names(), ascending);
    assert.equal(await page.getAttribute('th[data-key=averageMs]', 'aria-sort'), 'ascending');
    const node = fp16.run.layers.find((l) => l.onnxNodes.length > 1)!.onnxNodes[1];
    await page.fill('input.layer-search', node.toLowerCase());
    const filtered = await names();
    assert.deepEqual(
      new Set(filtered),
      new Set(
        fp16.run.layers
          .filter(
            (l) =>
              l.name.toLowerCase().includes(node.toLowerCase()) ||
              l.onnxNodes.some((n) => n.toLowerCase().includes(node.toLowerCase())),
          )
          .map((l) => l.name),
      ),
    );
    assert.ok(filtered.length >= 1 && filtered.length < fp16.run.layers.length);
    await page.fill('input.layer-search', 'no layer is called this');
    assert.deepEqual(await names(), []);
    await page.fill('input.layer-search', '');
  });

  it('"Show on graph" hands the run\'s node time shares to the graph view', async () => {
    await page.click('button.show-on-graph');
    await page.waitForFunction(() => true);
    for (let i = 0; i < 50 && overlays.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(overlays.length, 1);
    assert.deepEqual(overlays[0].values, nodeTimeShares(fp16.run).shares);
    assert.equal(overlays[0].kind, 'numeric');
  });

  it('compares two runs side by side, and refuses malformed messages from the page', async () => {
    await page.selectOption('select.compare-with', fp32.id);
    await page.waitForSelector('table.compare-layers');
    assert.equal(await page.textContent('h1'), 'Compare runs');
    const heads = await page.$$eval('table.compare-summary thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(heads, ['', 'A100 FP16', 'A100 FP32', 'change']);
    const change = fp32.run.summary.throughputQps! / fp16.run.summary.throughputQps! - 1;
    assert.equal(
      await page.textContent('table.compare-summary tbody tr:first-child td.num'),
      `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %`,
    );
    const union = new Set([...fp16.run.layers, ...fp32.run.layers].map((l) => l.name));
    assert.equal(await page.$$eval('table.compare-layers tbody tr', (trs) => trs.length), union.size);
    await page.screenshot({ path: path.join(shots, 'results-compare.png'), fullPage: false });

    const before = toView.length;
    await page.evaluate(() => {
      const api = (
        window as unknown as { acquireVsCodeApi: () => { postMessage(m: unknown): void } }
      ).acquireVsCodeApi();
      api.postMessage({ type: 'results/showOnGraph', runId: '../../etc/passwd' });
      api.postMessage({ type: 'results/open', runId: 'x', extra: 1 });
      api.postMessage({ type: 'graph/ready' });
    });
    for (let i = 0; i < 50 && invalid.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(invalid, [
      'results/showOnGraph: field "runId" is missing or invalid',
      'results/open: unexpected field "extra"',
      'unknown message type "graph/ready"',
    ]);
    assert.deepEqual(
      toView.slice(before).map((m) => m.type),
      ['results/error', 'results/error', 'results/error'],
      'the host acted on none of them, it only said so',
    );
    await page.waitForSelector('p.error[role=alert]');
    assert.equal(await page.$$eval('table.compare-layers', (t) => t.length), 1, 'the comparison stays on screen');
    assert.equal(overlays.length, 1);

    await page.click('button.back');
    await page.waitForSelector('table.layers');
    assert.equal(await page.textContent('h1'), 'A100 FP16');
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
      [],
    );
    assert.deepEqual(pageErrors, []);
  });

  it('an ONNX Runtime run: its shape runs, nodes without a median column, no latency histogram but a note why; compared with other engines per ONNX node', async () => {
    const squeezenet = path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx');
    const store = new RunStore(scratchDir('results-store-ort'));
    const trtexec = await importCorpusRun(store, squeezenet, 'fp16', new Date('2026-03-01T10:00:00Z'));
    const clean = await runOrtLocal(
      squeezenet,
      { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [4, 3, 224, 224] } },
      { iterations: 2 },
    );
    const cleanRun = storeOrtRun(store, squeezenet, clean, new Date('2026-03-02T10:00:00Z'));
    // The newest run, shown first: its max shape cannot run.
    const failing = await runOrtLocal(
      squeezenet,
      { data: { min: [1, 3, 224, 224], opt: [2, 3, 224, 224], max: [2, 5, 224, 224] } },
      { iterations: 2 },
    );
    const ort = storeOrtRun(store, squeezenet, failing, new Date('2026-03-03T10:00:00Z'));
    const seen = {
      overlays: [] as GraphOverlay[],
      invalid: [] as string[],
      toView: [] as ResultsHostMessage[],
      pageErrors: [] as string[],
    };
    const { page: view } = await openResultsPage(browser, served, storeSource(store, squeezenet), seen);
    try {
      await view.waitForSelector('table.layers tbody tr');
      assert.equal(await view.textContent('h1'), 'ONNX Runtime · CPU · opt data 2x3x224x224');
      assert.match((await view.textContent('.meta')) ?? '', /ONNX Runtime, CPU provider/);
      assert.equal(await view.$$eval('.histogram svg', (svgs) => svgs.length), 0, 'no histogram drawn');
      assert.equal(
        await view.textContent('.histogram .hint'),
        'ONNX Runtime runs keep no latency distribution: the summary gives min, mean, median and max of 2 timed inferences at the opt shape.',
      );
      const cards = await view.$$eval('.card', (cs) =>
        cs.map((c) => [c.querySelector('.card-title')!.textContent, c.querySelector('.card-value')!.textContent]),
      );
      assert.deepEqual(cards, [
        ['Throughput', `${(1000 / ort.run.summary.latency!.meanMs).toFixed(1)} qps`],
        ['Latency (median)', `${ort.run.summary.latency!.medianMs.toFixed(3)} ms`],
        ['Provider', 'CPU'],
        ['Inferences timed', '2'],
      ]);
      assert.deepEqual(
        await view.$$eval('table.stats thead th', (ths) => ths.map((t) => t.textContent)),
        ['', 'min', 'max', 'mean', 'median'],
        'no percentiles from two samples',
      );
      assert.deepEqual(await view.$$eval('table.stats tbody th', (ths) => ths.map((t) => t.textContent)), ['Latency']);
      assert.deepEqual(
        await view.$$eval('table.shape-runs tbody tr', (trs) =>
          trs.map((tr) => [...tr.children].slice(0, 2).map((c) => c.textContent)),
        ),
        [
          ['min', 'data 1x3x224x224'],
          ['opt', 'data 2x3x224x224'],
          ['max', 'data 2x5x224x224'],
        ],
      );
      assert.match((await view.textContent('table.shape-runs tbody tr.failed td:last-child')) ?? '', /^failed: .+/);
      assert.equal(
        failing.runs[2].error && (await view.textContent('table.shape-runs tbody tr.failed td:last-child')),
        `failed: ${failing.runs[2].error}`,
      );
      assert.deepEqual(await view.$$eval('table.layers thead th', (ths) => ths.map((t) => t.textContent)), [
        '#',
        'Node',
        'Average',
        '%',
        'ONNX nodes',
      ]);
      assert.deepEqual(
        await view.$$eval('table.layers tbody tr td.name', (tds) => tds.map((td) => td.textContent)),
        failing.nodes.map((n) => n.name),
      );
      assert.equal(await view.textContent('.top-layers h2'), 'Top nodes');
      await view.screenshot({ path: path.join(shots, 'results-ort.png'), fullPage: true });

      await view.click('button.show-on-graph');
      for (let i = 0; i < 50 && seen.overlays.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(seen.overlays.length, 1);
      assert.deepEqual(seen.overlays[0].values, nodeTimeShares(ort.run).shares);
      assert.ok(Object.keys(seen.overlays[0].values).length > 10);

      // Two ORT runs: layer by layer (their layers are the model's nodes); an ORT and a trtexec run: per ONNX node.
      await view.selectOption('select.compare-with', cleanRun.id);
      await view.waitForSelector('table.compare-layers');
      assert.deepEqual(await view.$$eval('table.compare-layers thead th', (ths) => ths.map((t) => t.textContent)), [
        'Layer',
        ort.label,
        cleanRun.label,
        'Δ',
      ]);
      await view.click('button.back');
      await view.waitForSelector('table.layers');
      await view.selectOption('select.compare-with', trtexec.id);
      await view.waitForSelector('table.compare-layers');
      assert.equal(await view.textContent('table.compare-layers thead th'), 'ONNX node');
      assert.match((await view.textContent('.hint.per-node')) ?? '', /different engines/);
      await view.click('button.back');
      await view.waitForSelector('table.layers');
      assert.ok(seen.toView.some((m) => m.type === 'results/compare' && m.comparison.by === 'onnx-node'));
      assert.deepEqual(seen.invalid, []);
      assert.deepEqual(
        await view.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
        [],
      );
      assert.deepEqual(seen.pageErrors, []);
    } finally {
      await view.close();
    }
  });
});
