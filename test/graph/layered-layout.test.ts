// The layered layout on hand-made graphs (cycles, self loops, duplicate and dangling edges, a chain, a diamond)
// and on every layout the fully expanded view of each corpus model asks for: boxes never overlap, edges start
// and end on their boxes' borders and run downwards unless they close a cycle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphModel } from '../../server/graph/build';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusModels } from '../support/paths';
import { layoutGroup, type LayoutRequest, type LayoutResult, type Point } from '../../common/graph-drawing/layout';
import { buildScene } from '../../common/graph-drawing/scene';

const box = (key: string, width = 80, height = 34): LayoutRequest['items'][number] => ({ key, width, height });
const onBorder = (p: Point, at: Point, w: number, h: number): boolean => {
  const inside = p.x >= at.x - 0.01 && p.x <= at.x + w + 0.01 && p.y >= at.y - 0.01 && p.y <= at.y + h + 0.01;
  const edge = [p.x - at.x, at.x + w - p.x, p.y - at.y, at.y + h - p.y].some((d) => Math.abs(d) < 0.01);
  return inside && edge;
};

/** The properties every layout keeps; returns how many edges run upwards (they close cycles). */
function check(request: LayoutRequest, result: LayoutResult): number {
  const { items } = request;
  assert.equal(result.positions.length, items.length);
  assert.equal(result.edges.length, request.edges.length);
  for (let i = 0; i < items.length; i++) {
    const a = result.positions[i];
    assert.ok(a.x >= -0.01 && a.y >= -0.01, `${items[i].key} inside the layout`);
    assert.ok(a.x + items[i].width <= result.width + 0.01 && a.y + items[i].height <= result.height + 0.01);
    for (let j = i + 1; j < items.length; j++) {
      const b = result.positions[j];
      const apart =
        a.x + items[i].width <= b.x + 0.01 ||
        b.x + items[j].width <= a.x + 0.01 ||
        a.y + items[i].height <= b.y + 0.01 ||
        b.y + items[j].height <= a.y + 0.01;
      assert.ok(apart, `${items[i].key} and ${items[j].key} overlap`);
    }
  }
  const index = new Map(items.map((item, i) => [item.key, i]));
  let upwards = 0;
  request.edges.forEach((e, k) => {
    const [u, v] = [index.get(e.from), index.get(e.to)];
    const points = result.edges[k];
    if (u === undefined || v === undefined) return assert.deepEqual(points, []);
    assert.ok(points.length >= 3, `edge ${e.from}>${e.to} has a route`);
    assert.ok(onBorder(points[0], result.positions[u], items[u].width, items[u].height), 'starts on its source');
    const last = points[points.length - 1];
    assert.ok(onBorder(last, result.positions[v], items[v].width, items[v].height), 'ends on its target');
    if (u !== v && last.y < points[0].y) upwards++;
  });
  return upwards;
}

test('a chain lines up under its first box, a diamond is symmetric', () => {
  const chain = {
    id: 'c',
    items: [box('a', 60), box('b', 120), box('c', 80)],
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ],
  };
  const r = layoutGroup(chain);
  check(chain, r);
  const centres = r.positions.map((p, i) => p.x + chain.items[i].width / 2);
  assert.deepEqual(centres, [centres[0], centres[0], centres[0]]);
  assert.ok(r.positions[0].y < r.positions[1].y && r.positions[1].y < r.positions[2].y);
  const diamond = {
    id: 'd',
    items: ['top', 'left', 'right', 'bottom'].map((k) => box(k)),
    edges: [
      { from: 'top', to: 'left' },
      { from: 'top', to: 'right' },
      { from: 'left', to: 'bottom' },
      { from: 'right', to: 'bottom' },
    ],
  };
  const d = layoutGroup(diamond);
  check(diamond, d);
  assert.equal(d.positions[1].y, d.positions[2].y, 'left and right share a layer');
  assert.equal(d.positions[0].x, d.positions[3].x, 'top and bottom on one vertical');
  assert.ok(Math.abs(d.positions[1].x + d.positions[2].x - 2 * d.positions[0].x) < 0.01, 'balanced under the top');
});

test('cycles, self loops, duplicate and dangling edges are laid out without failing', () => {
  const request = {
    id: 'x',
    items: ['a', 'b', 'c', 'd'].map((k) => box(k)),
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' }, // closes a cycle
      { from: 'b', to: 'b' }, // self loop
      { from: 'a', to: 'b' }, // duplicate
      { from: 'a', to: 'gone' }, // a box this layout does not hold
      { from: 'c', to: 'd' },
    ],
  };
  const r = layoutGroup(request);
  assert.equal(check(request, r), 1, 'only the edge closing the cycle runs upwards');
  assert.deepEqual(r.edges[0], r.edges[4], 'duplicate edges share one route');
  assert.equal(r.edges[3].length, 3, 'the self loop is drawn');
  assert.deepEqual({ ...layoutGroup(request), ms: r.ms }, r, 'deterministic');
  assert.deepEqual(layoutGroup({ id: 'e', items: [], edges: [] }).positions, []);
});

test('every layout of the fully expanded corpus models keeps boxes apart and edges on their boxes', async () => {
  let layouts = 0;
  for (const file of corpusModels().filter((f) => !f.includes('.full.'))) {
    const model = readOnnxModel(file);
    const graph = new GraphModel('main', 't', file, model.graph!, []);
    await buildScene({
      skeleton: graph.skeleton(),
      content: (id) => graph.content(id),
      expanded: new Set(graph.allGroupIds()),
      layout: async (request) => {
        const result = layoutGroup(request);
        check(request, result);
        layouts++;
        return result;
      },
    });
  }
  assert.ok(layouts > 100, `${layouts} layouts checked`);
});
