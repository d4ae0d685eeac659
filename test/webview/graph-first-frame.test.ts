// What a graph's first screens cost, in Debian's headless Chromium: a new scene's first frame draws the boxes in the
// view only, the margin around it (kept for smooth panning) follows once that frame is drawn; the fully expanded
// scene composed ahead in the background carries the types inferred after it was composed; the view tells the host
// once each skeleton's first screen is painted (the host infers the types then, server/graph/session.ts); the graph
// area keeps its size when the first scene comes (a resize then drew that scene twice).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { corpusOnnxDir } from '../support/paths';
import { browser, served, useBrowser } from './graph-view-support';
import { openModel } from './harness';

const LLAMA = path.join(corpusOnnxDir, 'llama_tiny_op17.onnx');
const RESNET = path.join(corpusOnnxDir, 'resnet50_op17.onnx');

describe('graph view: first frame of a new scene', { timeout: 240_000 }, () => {
  useBrowser();

  test('Expand all draws the boxes in view first, then the margin around them', async () => {
    const view = await openModel(browser, served, LLAMA, { viewport: { width: 1200, height: 800 } });
    const page = view.page;
    await view.until("d.prefetched === 'layouts'", 120_000);
    // Each batch of boxes added to the SVG, split by whether the box is on screen when it is added.
    await page.evaluate(() => {
      const host = document.querySelector('.canvas-host')!.getBoundingClientRect();
      const batches: { inView: number; outside: number }[] = [];
      Object.defineProperty(window, '__batches', { value: batches });
      new MutationObserver((records) => {
        const batch = { inView: 0, outside: 0 };
        for (const r of records)
          for (const added of r.addedNodes) {
            const b = (added as Element).getBoundingClientRect();
            const seen = b.right >= host.left && b.left <= host.right && b.bottom >= host.top && b.top <= host.bottom;
            batch[seen ? 'inView' : 'outside']++;
          }
        if (batch.inView + batch.outside > 0) batches.push(batch);
      }).observe(document.querySelector('g.boxes')!, { childList: true });
    });
    await page.click('button[data-action=expand-all]');
    await view.settled();
    assert.equal(await page.$eval('.canvas-host', (e) => e.getAttribute('data-render-mode') ?? 'svg'), 'svg');
    await page.waitForFunction(() => (window as unknown as { __batches: unknown[] }).__batches.length >= 2);
    const batches = await page.evaluate(
      () => (window as unknown as { __batches: { inView: number; outside: number }[] }).__batches,
    );
    const [first, ...later] = batches;
    assert.ok(first.inView > 0, JSON.stringify(batches));
    assert.equal(first.outside, 0, `the first frame draws no box off screen: ${JSON.stringify(batches)}`);
    assert.ok(
      later.some((b) => b.outside > 0),
      `the margin is drawn after the first frame: ${JSON.stringify(batches)}`,
    );
    const total = await page.$$eval('g.boxes > g.box', (els) => els.length);
    assert.ok(total > first.inView, 'more boxes are kept drawn than the view holds');
    assert.deepEqual(view.pageErrors, []);
    await page.close();
  });

  test('types inferred after the expanded scene was composed ahead are on its edges when Expand all shows it', async () => {
    // resnet50 as PyTorch exported it stores no value_info: its edges are untyped until the inferred types come.
    const view = await openModel(browser, served, RESNET, { holdShapes: true });
    const page = view.page;
    await view.until("d.prefetched === 'layouts'", 120_000);
    assert.equal(await view.releaseShapes(), 1, 'one graph/shapes message');
    await view.until('d.shapesMs !== undefined');
    await page.click('button[data-action=expand-all]');
    await view.settled();
    assert.equal(await page.$eval('#app', (e) => (e as HTMLElement).dataset.composedAhead), 'true');
    // Labels that would cover another's are not drawn (.label-hidden): the others are every label the scene shows.
    const labels = await page.$$eval('g.edge:not(.label-hidden) text', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(labels.length > 10);
    assert.ok(
      labels.every((l) => /^(f32|i64) \[/.test(l)),
      labels.join(' | '),
    );
    assert.deepEqual(view.pageErrors, []);
    await page.close();
  });

  test('the view says graph/painted once per skeleton, after its first paint', async () => {
    const view = await openModel(browser, served, RESNET);
    const painted = () => view.fromView.filter((m) => (m as { type: string }).type === 'graph/painted').length;
    assert.ok((await view.page.$eval('#app', (e) => (e as HTMLElement).dataset.firstPaintMs)) !== undefined);
    await view.page.waitForFunction(() => document.getElementById('app')!.dataset.shapesMs !== undefined);
    assert.equal(painted(), 1);
    // Expand all paints again, but no new skeleton: nothing more to say.
    await view.page.click('button[data-action=expand-all]');
    await view.settled();
    assert.equal(painted(), 1);
    view.reload([]);
    await view.settled();
    // The message leaves in the task that reports the paint; its way to the host is asynchronous.
    for (let i = 0; i < 100 && painted() < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(painted(), 2, 'a new skeleton, a new first paint');
    assert.deepEqual(view.pageErrors, []);
    await view.page.close();
  });

  test('the status line is as tall empty as with text: the graph area keeps its size when the first scene comes', async () => {
    // The line is empty until the first scene: had it grown then, the graph area would shrink under that scene and
    // the renderer fit and draw it a second time within the first paint.
    const view = await openModel(browser, served, LLAMA);
    const heights = await view.page.$eval('.status', (status) => {
      const withText = status.getBoundingClientRect().height;
      const text = status.textContent;
      status.textContent = '';
      const empty = status.getBoundingClientRect().height;
      status.textContent = text;
      return { withText, empty, text };
    });
    assert.match(heights.text ?? '', /nodes and \d+ collapsed groups shown/);
    assert.ok(heights.empty > 0 && heights.empty === heights.withText, JSON.stringify(heights));
    assert.deepEqual(view.pageErrors, []);
    await view.page.close();
  });
});
