// Graph view benchmark in headless Chromium (same harness as the browser tests: built bundle, real host code).
// Per model: time from receiving the graph to the first complete paint (collapsed first view), time from
// "Expand all" to its complete paint, and the longest main-thread task while panning and zooming (both views).
// Usage: npm run build && MODELREADY_SHARED=/work/shared node --import tsx bench/graph-view.ts [--synthetic] [--netron DIR] [model.onnx ...]
// --synthetic makes the 10k/30k-node models with ../shared/bench/make-synthetic-model.py into bench/.out.
// --netron DIR: a Netron web build (made outside the repo from its public repository) measured on the same files
// in the same Chromium by ../shared/bench/viewer-bench.mjs (file chosen -> every node drawn), right after ours on
// each file, for the ratios.
// "open" = host (read the model, build the graph model) + view (asked the host for the graph -> first complete
// paint; the host's skeleton and both transfers included). "Wheel step": in the expanded view, one wheel event
// dispatched -> the frame after it drawn, 20 steps (10 in, 10 out); the longest step is what the target bounds.
// The summary prints each model's ratios and the worst against each target of issue 15 item 13.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { corpusModels, debianPython, repoRoot, sharedDir } from '../test/support/paths';
import { launchBrowser, openModel, servePage } from '../test/webview/harness';
import { panRepeated, wheelSteps } from './view-gestures';

interface Row {
  model: string;
  nodes: number;
  hostMs: number;
  firstPaintMs: number;
  openMs: number;
  collapsedBoxes: number;
  panMaxTaskMs: number;
  panWorstTaskMs: number;
  panMaxFrameMs: number;
  expandMs: number;
  expandLoadMs: number;
  expandLayoutMs: number;
  expandedNodes: number;
  expandedMode: string;
  expandedPanMaxTaskMs: number;
  expandedPanWorstTaskMs: number;
  expandedPanMaxFrameMs: number;
  wheelStepMaxMs: number;
  wheelStepMedianMs: number;
  wheelLongestTaskMs: number;
}

/** Targets of issue 15 item 13. */
const TARGET = { open: 0.5, expanded: 0.2, expandedMinNodes: 1000, wheelStepMs: 50 };

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const models = args.filter((a) => a.endsWith('.onnx'));
  const netronAt = args.indexOf('--netron');
  const netronDir = netronAt >= 0 ? path.resolve(args[netronAt + 1]) : undefined;
  if (models.length === 0) models.push(...corpusModels().filter((f) => !f.includes('.full.')));
  if (args.includes('--synthetic')) {
    const out = path.join(repoRoot, 'bench/.out');
    fs.mkdirSync(out, { recursive: true });
    if (!fs.existsSync(path.join(out, 'synthetic_30k.onnx'))) {
      const run = spawnSync(debianPython, [path.join(sharedDir, 'bench/make-synthetic-model.py'), out], {
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(run.stderr);
    }
    models.push(path.join(out, 'synthetic_10k.onnx'), path.join(out, 'synthetic_30k.onnx'));
  }
  const served = await servePage();
  const browser = await launchBrowser();
  const rows: Row[] = [];
  const netron = new Map<string, number>();
  try {
    for (const file of models) {
      const view = await openModel(browser, served, file, { viewport: { width: 1600, height: 1000 } });
      const page = view.page;
      const data = (): Promise<Record<string, string>> =>
        page.evaluate(() => ({ ...document.getElementById('app')!.dataset }) as Record<string, string>);
      const first = await data();
      const pan1 = await panRepeated(page, '.canvas-host');
      await page.click('button[data-action=expand-all]');
      await view.settled();
      await page.click('button[data-action=fit]');
      await page.waitForTimeout(100);
      const expanded = await data();
      const pan2 = await panRepeated(page, '.canvas-host');
      const wheel = await wheelSteps(page, '.canvas-host');
      const mode = await page.evaluate(
        () => document.querySelector('.canvas-host')!.getAttribute('data-render-mode') ?? 'svg',
      );
      rows.push({
        model: path.basename(file),
        nodes: Number(first.totalNodes),
        hostMs: Math.round(view.hostMs),
        firstPaintMs: Number(first.firstPaintMs),
        openMs: Number(first.openMs),
        collapsedBoxes: Number(first.sceneNodes) + Number(first.sceneGroups),
        panMaxTaskMs: pan1.best,
        panWorstTaskMs: pan1.worst,
        panMaxFrameMs: pan1.maxFrame,
        expandMs: Number(expanded.lastRenderMs),
        expandLoadMs: Number(expanded.loadMs),
        expandLayoutMs: Number(expanded.layoutMs),
        expandedNodes: Number(expanded.sceneNodes),
        expandedMode: mode,
        expandedPanMaxTaskMs: pan2.best,
        expandedPanWorstTaskMs: pan2.worst,
        expandedPanMaxFrameMs: pan2.maxFrame,
        wheelStepMaxMs: wheel.max,
        wheelStepMedianMs: wheel.median,
        wheelLongestTaskMs: wheel.longestTask,
      });
      console.log(JSON.stringify(rows[rows.length - 1]));
      await page.close();
      // Netron right after ours on the same file, so both see the same load on the machine.
      if (netronDir) for (const [model, ms] of await measureNetron(netronDir, [file])) netron.set(model, ms);
    }
  } finally {
    await browser.close();
    await served.close();
  }
  summarize(rows, netron);
}

/** The table, then the worst figure against each target (ratios need Netron's time for the model). */
function summarize(rows: Row[], netron: Map<string, number>): void {
  console.log(
    '\nmodel | nodes | host ms | open ms (view: first paint ms, boxes) | longest task panning ms, best (worst) of 3 | expand all -> paint ms | open expanded ms | longest task panning expanded ms, best (worst) of 3 (renderer) | wheel step ms, max (median); longest task | Netron ms | open/Netron | open expanded/Netron',
  );
  const worst = { open: [0, ''], expanded: [0, ''], wheel: [0, ''] } as Record<string, [number, string]>;
  const note = (key: string, value: number, model: string): void => {
    if (value > worst[key][0]) worst[key] = [value, model];
  };
  for (const r of rows) {
    const open = r.hostMs + r.openMs;
    const openExpanded = open + r.expandMs;
    const n = netron.get(r.model);
    const task = (ms: number): string => (ms === 0 ? '<50' : String(ms));
    const ratio = (ms: number): string => (n ? `${(ms / n).toFixed(2)}x` : '-');
    if (n) note('open', open / n, r.model);
    if (n && r.nodes >= TARGET.expandedMinNodes) note('expanded', openExpanded / n, r.model);
    note('wheel', r.wheelStepMaxMs, r.model);
    console.log(
      `${r.model} | ${r.nodes} | ${r.hostMs} | ${open} (${r.firstPaintMs}, ${r.collapsedBoxes}) | ${task(r.panMaxTaskMs)} (${task(r.panWorstTaskMs)}) | ${r.expandMs} | ${openExpanded} | ${task(r.expandedPanMaxTaskMs)} (${task(r.expandedPanWorstTaskMs)}) (${r.expandedMode}) | ${r.wheelStepMaxMs} (${r.wheelStepMedianMs}); ${task(r.wheelLongestTaskMs)} | ${n ?? '-'} | ${ratio(open)} | ${ratio(openExpanded)}`,
    );
  }
  const verdict = (value: number, target: number): string => (value <= target ? 'meets' : 'MISSES');
  const [o, e, w] = [worst.open, worst.expanded, worst.wheel];
  if (netron.size > 0) {
    console.log(
      `\nworst open/Netron: ${o[0].toFixed(2)}x (${o[1]}), target <= ${TARGET.open}x: ${verdict(o[0], TARGET.open)}`,
    );
    console.log(
      `worst open expanded/Netron on models of >= ${TARGET.expandedMinNodes} nodes: ${e[0].toFixed(2)}x (${e[1] || '-'}), target <= ${TARGET.expanded}x: ${verdict(e[0], TARGET.expanded)}`,
    );
  }
  console.log(
    `worst wheel step (expanded): ${w[0]} ms (${w[1]}), target <= ${TARGET.wheelStepMs} ms: ${verdict(w[0], TARGET.wheelStepMs)}`,
  );
}

/** Netron's time from "file chosen" to every node drawn, per model file name (one run each; failures left out). */
async function measureNetron(dir: string, models: string[]): Promise<Map<string, number>> {
  const out = path.join(repoRoot, 'bench/.out/netron.json');
  fs.mkdirSync(path.dirname(out), { recursive: true }); // a fresh checkout has no bench/.out
  const child = spawn(
    process.execPath,
    [
      path.join(sharedDir, 'bench/viewer-bench.mjs'),
      '--preset',
      'netron',
      '--serve',
      dir,
      '--runs',
      '1',
      '--timeout',
      '180',
      '--out',
      out,
      ...models,
    ],
    {
      cwd: repoRoot, // viewer-bench finds playwright-core from the current directory
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // viewer-bench prints one line per model; its page server can keep it alive after the last one, so it is
  // stopped once every model has its line.
  let done = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    process.stdout.write(text);
    done += text.split('\n').filter((line) => line.includes('\tcount=')).length;
    if (done === models.length) setTimeout(() => child.kill(), 2000);
  });
  await new Promise((resolve) => child.on('exit', resolve));
  if (done < models.length) throw new Error(`viewer-bench.mjs stopped after ${done} of ${models.length} models`);
  const results = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    models: { model: string; median_ms_dom: number | null }[];
  };
  return new Map(results.models.filter((m) => m.median_ms_dom !== null).map((m) => [m.model, m.median_ms_dom!]));
}

void main();
