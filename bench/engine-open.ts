// Opening a 2,000-layer engine description, target: first paint <= 500 ms (issue 18). The description is the real QAT
// ResNet-50 engine of the TREx corpus repeated into one deep network of 2,000 layers (test/engine/deep-engine.ts).
// 1. Host: read + JSON.parse + parse + profile join + ONNX mapping + findings (what the view is sent), vs JSON.parse
//    of the same text alone measured in the same run.
// 2. View, in headless Chromium (the page the extension serves, a real EngineSession): from the view asking for its
//    report to the first complete paint (transfer included), and host + view; the same-run reference is the ONNX
//    graph view's first paint of a model of similar size (vit_b_16, 2,068 nodes; host + view as bench/graph-view.ts
//    counts "open"). Median of --runs fresh pages each.
// 3. The layer -> ONNX mapping of a profile alone (the trtexec import path, where reformat layers look their target
//    up among the rows) at 2,000 and 16,000 layers in CPU time (the shared machine's wall clock is too noisy): near 8
//    is linear, 64 quadratic.
// Usage: npm run build && MODELREADY_SHARED=/work/shared node --import tsx bench/engine-open.ts [--runs 5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deepEngine } from '../test/engine/deep-engine';
import { corpusOnnxDir } from '../test/support/paths';
import { launchBrowser, openModel, serveLiveView, servePage } from '../test/webview/harness';
import { openEngineView } from '../test/engine/engine-page-host';
import { loadEngineReport } from '../server/engine/load-engine';
import { mapLayersToOnnx } from '../server/profiling/layer-mapping';
import type { LayerProfile } from '../server/contract/trtexec-results';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const LAYERS = 2_000;
const TARGET_MS = 500;
const SCALE = 8;
const REFERENCE_MODEL = 'vit_b_16_op17.onnx';

const deep = deepEngine(LAYERS, SCALE * LAYERS);
const rows = deep.profile;
const profile = [rows[0]] as { count: number }[];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
const layersFile = path.join(dir, 'layers.json');
const profileFile = path.join(dir, 'profile.json');
fs.writeFileSync(layersFile, JSON.stringify(deep.layerInfo));
fs.writeFileSync(profileFile, JSON.stringify(rows.slice(0, LAYERS + 1)));

type Row = LayerProfile['layers'][number];
const profileOf = (n: number): LayerProfile => ({
  iterations: profile[0].count,
  layers: (rows.slice(1, n + 1) as Row[]).map((r) => ({ ...r })),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuTime = (f: () => unknown) => {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** Host side: loading the description as the language server does, vs JSON.parse alone. */
function hostOpen(): { ms: number; ref: number; count: number } {
  const open: number[] = [];
  const reference: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    reference.push(time(() => JSON.parse(fs.readFileSync(layersFile, 'utf8'))));
    open.push(time(() => (count = loadEngineReport({ layers: layersFile, profile: profileFile }).layers.length)));
  }
  return { ms: median(open), ref: median(reference), count };
}

/** View side: the engine view's first paint and the graph view's of a model of similar size, page after page. */
async function viewOpen(): Promise<{ engine: number; paint: number; graph: number; graphNodes: number }> {
  const report = loadEngineReport({ layers: layersFile, profile: profileFile });
  const [engineServed, graphServed, browser] = await Promise.all([
    serveLiveView('engine'),
    servePage(),
    launchBrowser(),
  ]);
  const engine: number[] = [];
  const paint: number[] = [];
  const graph: number[] = [];
  let graphNodes = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const view = await openEngineView(browser, engineServed, 'bench.json', report, { width: 1600, height: 1000 });
      const painted = await view.painted();
      if (view.pageErrors.length > 0) throw new Error(`engine view: ${view.pageErrors.join(' | ')}`);
      engine.push(painted.openMs);
      paint.push(painted.firstPaintMs);
      await view.page.close();
      const model = await openModel(browser, graphServed, path.join(corpusOnnxDir, REFERENCE_MODEL), {
        viewport: { width: 1600, height: 1000 },
      });
      const data = await model.page.evaluate(() => ({ ...document.getElementById('app')!.dataset }));
      graph.push(model.hostMs + Number(data.openMs));
      graphNodes = Number(data.totalNodes);
      await model.page.close();
    }
  } finally {
    await browser.close();
    await Promise.all([engineServed.close(), graphServed.close()]);
  }
  return { engine: median(engine), paint: median(paint), graph: median(graph), graphNodes };
}

async function main(): Promise<void> {
  try {
    const host = hostOpen();
    console.log(`engine layers: ${host.count} (${(fs.statSync(layersFile).size / 1e6).toFixed(1)} MB JSON)`);
    console.log(`host open (parse + profile + mapping + findings): median ${host.ms.toFixed(1)} ms over ${runs} runs`);
    console.log(
      `host reference (read + JSON.parse only): median ${host.ref.toFixed(1)} ms; ratio ${(host.ms / host.ref).toFixed(2)}x`,
    );
    const view = await viewOpen();
    const total = host.ms + view.engine;
    console.log(
      `engine view first paint (asked for the report -> painted): median ${view.engine} ms over ${runs} pages (report received -> painted ${view.paint} ms); host + view ${total.toFixed(0)} ms`,
    );
    console.log(
      `reference: graph view open of ${REFERENCE_MODEL} (${view.graphNodes} nodes, host + view): median ${view.graph.toFixed(0)} ms; engine/graph ${(total / view.graph).toFixed(2)}x`,
    );
    console.log(`target first paint <= ${TARGET_MS} ms: view ${verdict(view.engine)}, host + view ${verdict(total)}`);
    const [small, large] = [profileOf(LAYERS), profileOf(SCALE * LAYERS)];
    const mapSmall: number[] = [];
    const mapLarge: number[] = [];
    for (let i = 0; i < runs; i++) {
      mapSmall.push(cpuTime(() => mapLayersToOnnx(small, undefined)));
      mapLarge.push(cpuTime(() => mapLayersToOnnx(large, undefined)));
    }
    const [m1, m4] = [median(mapSmall), median(mapLarge)];
    console.log(
      `profile-only mapping (CPU): ${LAYERS} layers ${m1.toFixed(1)} ms, ${SCALE * LAYERS} layers ${m4.toFixed(1)} ms; ratio ${(m4 / m1).toFixed(1)}x for ${SCALE}x the layers (${SCALE} linear, ${SCALE * SCALE} quadratic)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const verdict = (ms: number) => (ms <= TARGET_MS ? 'met' : 'MISSED');

void main();
