// Measures our layered layout (common/graph-drawing/layout.ts) against the two layered-layout libraries on the exact
// layouts the graph view asks for (every group of the fully expanded graph, deduplicated by structure like the
// view's cache): ours vs dagre (what the view used before) vs elkjs (layered), warm, in one Node process.
// Usage: MODELREADY_SHARED=/work/shared node --import tsx bench/graph-layout-engines.ts [extra.onnx ...]
import dagre from '@dagrejs/dagre';
import ELK from 'elkjs/lib/elk.bundled.js';
import { corpusModels } from '../test/support/paths';
import { GraphModel } from '../server/graph/build';
import { layoutGroup, type LayoutRequest } from '../common/graph-drawing/layout';
import { buildScene } from '../common/graph-drawing/scene';
import { readOnnxModel } from '../server/onnx/reader';
import path from 'node:path';

async function requestsOf(file: string): Promise<{ nodes: number; requests: LayoutRequest[] }> {
  const model = readOnnxModel(file);
  const graph = new GraphModel('main', 'bench', file, model.graph!, []);
  const requests: LayoutRequest[] = [];
  await buildScene({
    skeleton: graph.skeleton(),
    content: (id) => graph.content(id),
    expanded: new Set(graph.allGroupIds()),
    layout: async (r) => {
      requests.push(r);
      return layoutGroup(r);
    },
  });
  return { nodes: graph.nodes.length, requests };
}

function dagreLayout(r: LayoutRequest): void {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 28, edgesep: 8, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const item of r.items) g.setNode(item.key, { width: item.width, height: item.height });
  r.edges.forEach((e, i) => {
    if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, {}, `e${i}`);
  });
  dagre.layout(g);
}

async function elkLayout(elk: InstanceType<typeof ELK>, r: LayoutRequest): Promise<void> {
  await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
    },
    children: r.items.map((i) => ({ id: i.key, width: i.width, height: i.height })),
    edges: r.edges.map((e, k) => ({ id: `e${k}`, sources: [e.from], targets: [e.to] })),
  });
}

async function main(): Promise<void> {
  const elk = new ELK();
  const files = [...corpusModels().filter((f) => !f.includes('.full.')), ...process.argv.slice(2)];
  console.log(
    'model | nodes | layouts | largest | ours total ms | ours max ms | dagre total ms | dagre max ms | elk total ms | elk max ms | ours/dagre',
  );
  const sums = [0, 0];
  for (const file of files) {
    const { nodes, requests } = await requestsOf(file);
    const time = async (run: (r: LayoutRequest) => unknown): Promise<[number, number]> => {
      let total = 0;
      let max = 0;
      for (const r of requests) {
        const t = performance.now();
        await run(r);
        const ms = performance.now() - t;
        total += ms;
        max = Math.max(max, ms);
      }
      return [total, max];
    };
    await time((r) => layoutGroup(r)); // warm-up (JIT) so every engine is measured warm
    const [oTotal, oMax] = await time((r) => layoutGroup(r));
    await time((r) => dagreLayout(r));
    const [dTotal, dMax] = await time((r) => dagreLayout(r));
    sums[0] += oTotal;
    sums[1] += dTotal;
    await time((r) => elkLayout(elk, r));
    const [eTotal, eMax] = await time((r) => elkLayout(elk, r));
    const largest = Math.max(...requests.map((r) => r.items.length));
    console.log(
      [
        path.basename(file),
        nodes,
        requests.length,
        largest,
        oTotal.toFixed(1),
        oMax.toFixed(1),
        dTotal.toFixed(0),
        dMax.toFixed(0),
        eTotal.toFixed(0),
        eMax.toFixed(0),
        `${(oTotal / dTotal).toFixed(3)}x`,
      ].join(' | '),
    );
  }
  console.log(
    `\nall models: ours ${sums[0].toFixed(0)} ms, dagre ${sums[1].toFixed(0)} ms (${(sums[0] / sums[1]).toFixed(3)}x)`,
  );
}

void main();
