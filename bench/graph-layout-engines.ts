// Measures the two layered-layout libraries on the exact layouts the graph view asks for (every group of
// the fully expanded graph, deduplicated by structure like the view's cache): dagre vs elkjs (layered).
// Usage: MODELREADY_SHARED=/work/shared node --import tsx bench/graph-layout-engines.ts [extra.onnx ...]
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
  console.log('model | nodes | layouts | largest | dagre total ms | dagre max ms | elk total ms | elk max ms');
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
    await time((r) => layoutGroup(r)); // warm-up (JIT) so both engines are measured warm
    const [dTotal, dMax] = await time((r) => layoutGroup(r));
    await time((r) => elkLayout(elk, r));
    const [eTotal, eMax] = await time((r) => elkLayout(elk, r));
    const largest = Math.max(...requests.map((r) => r.items.length));
    console.log(
      [
        path.basename(file),
        nodes,
        requests.length,
        largest,
        dTotal.toFixed(0),
        dMax.toFixed(0),
        eTotal.toFixed(0),
        eMax.toFixed(0),
      ].join(' | '),
    );
  }
}

void main();
