// "Show on graph" end to end in the browser: per-node times from a real ONNX Runtime run of a corpus model become
// the overlay the graph view (dist/webview.js, real GraphSession host) colours its nodes with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runOrtLocal, storeOrtRun } from '../../server/profiling/ort-local';
import { RunStore, runOverlay } from '../../server/profiling/run-store';
import { scratchDir } from '../support/paths';
import { openModel } from '../webview/harness';
import { browser, served, useBrowser } from '../webview/graph-view-support';
import { sharedRoot } from './corpus';

const model = path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx');
useBrowser();

test("an ORT run's node time shares colour exactly the nodes they name", async () => {
  const result = await runOrtLocal(
    model,
    { data: { min: [1, 3, 224, 224], opt: [1, 3, 224, 224], max: [1, 3, 224, 224] } },
    { iterations: 2 },
  );
  const overlay = runOverlay(storeOrtRun(new RunStore(scratchDir('graph-overlay-runs')), model, result));
  const view = await openModel(browser, served, model);
  const before = await view.page.$$eval(
    'g.box.node rect',
    (rects) => rects.filter((r) => (r as SVGRectElement).style.fill !== '').length,
  );
  assert.equal(before, 0, 'no colours before an overlay');
  await view.post({ type: 'graph/overlay', overlay });
  await view.page.waitForFunction(
    () => [...document.querySelectorAll('g.box.node rect')].some((r) => (r as SVGRectElement).style.fill !== ''),
    undefined,
    { timeout: 20000 },
  );
  const boxes = await view.page.$$eval('g.box.node', (gs) =>
    gs.map((g) => ({
      title: g.querySelector('title')!.textContent!,
      fill: (g.querySelector('rect') as SVGRectElement).style.fill,
    })),
  );
  assert.ok(boxes.length > 0);
  let coloured = 0;
  for (const box of boxes) {
    // The title's first line is "<op> — <node name>"; weight shapes and attributes follow on their own lines.
    const name = box.title.split('\n')[0].split(' — ').slice(1).join(' — ');
    const inOverlay = Object.hasOwn(overlay.values, name);
    assert.equal(box.fill !== '', inOverlay, `${name}: coloured iff the run timed it`);
    if (inOverlay) coloured++;
  }
  assert.ok(coloured >= 1);
  assert.match(
    (await view.page.textContent('.legend-title')) ?? '',
    /^Time share: ONNX Runtime · CPU · opt data 1x3x224x224/,
  );
  assert.deepEqual(await view.cspViolations(), []);
  await view.page.close();
});
