// "Reveal in ONNX graph" of an engine layer fused from several ONNX nodes: the graph view expands the groups holding
// each of them, selects them all and centres the first (the real BERT export; the nodes sit in different collapsed
// groups). A click on one box selects it alone again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BERT, assertNoViewErrors, drawn, open, screenshot, useBrowser, waitSelected } from './graph-view-support';

describe('graph view: reveal of several nodes together', { timeout: 120_000 }, () => {
  useBrowser();

  test('every node is expanded into view and selected; the first is the one the panel shows', async () => {
    const view = await open(BERT);
    const graph = view.session.main;
    const expanded = new Set(graph.skeleton().initiallyExpanded);
    const pick = (layer: string, op: string) =>
      graph.nodes.find((n) => n.kind === 'op' && n.op === op && n.name.includes(layer) && !expanded.has(n.group))!;
    const [first, second, third] = [pick('layer.3', 'MatMul'), pick('layer.3', 'Add'), pick('layer.3', 'Softmax')];
    assert.ok(first && second && third && new Set([first.group, second.group, third.group]).size >= 2);
    await view.post({
      type: 'graph/reveal',
      nodeName: first.name,
      together: [second.name, third.name, 'no such node'],
    });
    await view.settled();
    await waitSelected(view.page, `n${first.id}`);
    const keys = [first, second, third].map((n) => `n${n.id}`);
    const selected = (await drawn(view.page)).filter((b) => b.selected).map((b) => b.key);
    assert.deepEqual(selected.sort(), keys.slice().sort());
    const data = await view.page.evaluate(() => ({ ...document.getElementById('app')!.dataset }));
    assert.deepEqual(data.selectedTogether!.split(' ').sort(), keys.slice(1).sort());
    assert.equal(await view.page.textContent('.side-panel .node-name'), first.name);
    await screenshot(view.page, 'bert-revealed-together');
    // A click on one of them: it alone is selected.
    await view.page.click(`svg.graph g.box[data-key="${keys[1]}"]`);
    await waitSelected(view.page, keys[1]);
    assert.deepEqual(
      (await drawn(view.page)).filter((b) => b.selected).map((b) => b.key),
      [keys[1]],
    );
    assertNoViewErrors(view);
  });
});
