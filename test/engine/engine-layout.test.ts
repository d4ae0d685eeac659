// Segmented engine layout: cuts only where nothing but the cut layer's edges cross, every layer and edge placed once,
// no two boxes overlapping, and the first screen laid out without the rest (on a real engine repeated to 1,000 layers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layerEdges } from '../../server/engine/engine-show';
import { loadEngineReport } from '../../server/engine/load-engine';
import { deepEngine } from './deep-engine';
import { scratchDir } from '../support/paths';
import fs from 'node:fs';
import path from 'node:path';
import { EngineLayout, segmentLayers, type LayerEdge } from '../../webview/engine/engine-layout';

const pairs = (flat: number[]): LayerEdge[] => flat.flatMap((v, k) => (k % 2 ? [] : [{ from: v, to: flat[k + 1] }]));

test('segments: a cut never splits an edge that does not leave the cut layer', () => {
  // 0→1→2→3 and 1→3 (a skip over 2): the cut after 2 would split the skip; the cut after 1 is where the skip starts.
  const edges = [
    { from: 0, to: 1 },
    { from: 1, to: 2 },
    { from: 2, to: 3 },
    { from: 1, to: 3 },
  ];
  assert.deepEqual(segmentLayers(4, edges, 1), [
    [0, 0],
    [1, 1],
    [2, 3],
  ]);
  // 0→3 passes over the cut after 1 too; after 0 it leaves the cut layer.
  assert.deepEqual(segmentLayers(4, [{ from: 0, to: 3 }, ...edges], 1), [
    [0, 0],
    [1, 3],
  ]);
  assert.deepEqual(segmentLayers(4, edges, 3), [[0, 3]]);
  assert.deepEqual(segmentLayers(0, [], 1), []);
});

test('a 1,000-layer engine: the first screen alone first, then every layer and edge, no overlaps', () => {
  const dir = scratchDir('engine-layout');
  fs.writeFileSync(path.join(dir, 'deep.json'), JSON.stringify(deepEngine(1000).layerInfo));
  const report = loadEngineReport({ layers: path.join(dir, 'deep.json') });
  const edges = pairs(layerEdges(report));
  const box = { width: 280, height: 66 };
  const layout = new EngineLayout(report.layers.length, edges, box);
  layout.ensureHeight(1500);
  assert.ok(layout.placed > 10 && layout.placed < 200, `${layout.placed} layers for the first screen`);
  while (layout.step());
  assert.equal(layout.placed, 1000);
  assert.equal(layout.edges.length, edges.length);
  assert.ok([...layout.x, ...layout.y].every(Number.isFinite));
  // Boxes sorted by top: each overlaps none of those that start above its bottom.
  const order = [...layout.y.keys()].sort((a, b) => layout.y[a] - layout.y[b]);
  for (let k = 0; k < order.length; k++)
    for (let m = k + 1; m < order.length && layout.y[order[m]] < layout.y[order[k]] + box.height; m++) {
      const [a, b] = [order[k], order[m]];
      assert.ok(Math.abs(layout.x[a] - layout.x[b]) >= box.width, `layers ${a} and ${b} overlap`);
    }
  // Every edge runs from its producer's box to its consumer's, downwards.
  for (const e of layout.edges) {
    const [start, end] = [e.points[0], e.points[e.points.length - 1]];
    assert.ok(start.y <= end.y, `edge ${e.from}→${e.to} runs upwards`);
    assert.ok(Math.abs(end.y - layout.y[e.to]) < 1, `edge ${e.from}→${e.to} ends at its consumer's top`);
  }
});
