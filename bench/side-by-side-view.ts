// The side-by-side diff view's interaction figures against the graph view's, in the same run and the same headless
// Chromium (harness of the browser tests: built bundle, real host sessions, the real diff). Issue 17: the side-by-side
// view keeps the graph view's interaction figures (issue 15's wheel step <= 50 ms).
// Pair: bench/make_diff_models.py with BLOCKS blocks (default 2,000: 10,001 nodes each, a sixth of the blocks renamed,
// one weight, one attribute, one removed and one added node). Per view, everything expanded and fitted:
//   graph view:    model B alone (GraphSession);
//   side by side:  A | B (DiffGraphSession, the toggle), the gestures over pane B (pane A follows every move).
// Figures: the longest main-thread task while panning and zooming (best (worst) of 3) and its longest frame gap;
// wheel steps (one wheel event -> the frame after it drawn, 20 steps) max and median, and the longest task meanwhile.
// Usage: npm run bench:side-by-side [-- --blocks 2000 --rounds 2]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { diffFiles } from '../server/diff/diff-files';
import { DiffGraphSession } from '../server/graph/diff-session';
import { readOnnxModel } from '../server/onnx/reader';
import { debianPython, repoRoot } from '../test/support/paths';
import { launchBrowser, openModel, servePage, type ServedPage } from '../test/webview/harness';
import { panRepeated, wheelSteps } from './view-gestures';

const WHEEL_TARGET_MS = 50;
const VIEWPORT = { width: 1600, height: 1000 };

interface Figures {
  nodes: number;
  panTaskMs: number;
  panWorstTaskMs: number;
  panMaxFrameMs: number;
  wheelMaxMs: number;
  wheelMedianMs: number;
  wheelLongestTaskMs: number;
}

/** Waits until every element matching `selector` has painted (data-render-seq) and is not busy. */
async function painted(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) =>
      [...document.querySelectorAll<HTMLElement>(sel)].every(
        (e) => e.dataset.renderSeq && e.dataset.busy === undefined,
      ),
    selector,
    { timeout: 120_000 },
  );
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
}

async function measure(page: Page, host: string, nodes: number): Promise<Figures> {
  const pan = await panRepeated(page, host);
  const wheel = await wheelSteps(page, host);
  return {
    nodes,
    panTaskMs: pan.best,
    panWorstTaskMs: pan.worst,
    panMaxFrameMs: pan.maxFrame,
    wheelMaxMs: wheel.max,
    wheelMedianMs: wheel.median,
    wheelLongestTaskMs: wheel.longestTask,
  };
}

/** Model B alone in the graph view, everything expanded and fitted. */
async function graphView(browser: Browser, served: ServedPage, b: string): Promise<Figures> {
  const view = await openModel(browser, served, b, { viewport: VIEWPORT });
  const { page } = view;
  await page.click('button[data-action=expand-all]');
  await view.settled();
  await page.click('button[data-action=fit]');
  await page.waitForTimeout(100);
  const nodes = Number(await page.evaluate(() => document.getElementById('app')!.dataset.sceneNodes));
  const figures = await measure(page, '.canvas-host', nodes);
  await page.close();
  return figures;
}

/** A and B side by side, both panes expanded (the toolbar's Expand all acts on both) and fitted. */
async function sideBySide(browser: Browser, served: ServedPage, a: string, b: string): Promise<Figures> {
  const result = diffFiles(a, b);
  if (!result.ok) throw new Error(result.message);
  const diff = result.view;
  const view = await openModel(browser, served, b, {
    viewport: VIEWPORT,
    session: (hooks) =>
      new DiffGraphSession(readOnnxModel(b), diff, { a: 'diff-a.onnx', b: 'diff-b.onnx' }, hooks, () =>
        readOnnxModel(a),
      ),
  });
  const { page } = view;
  await page.click('button[data-action=side-by-side]');
  await page.waitForSelector('.side-pane[data-side=b] svg.graph');
  await painted(page, '.side-pane');
  const seq = await page.$$eval('.side-pane', (panes) => panes.map((p) => (p as HTMLElement).dataset.renderSeq));
  await page.click('button[data-action=expand-all]');
  await page.waitForFunction(
    (before) =>
      [...document.querySelectorAll<HTMLElement>('.side-pane')].every(
        (p, i) => p.dataset.renderSeq !== before[i] && p.dataset.busy === undefined,
      ),
    seq,
    { timeout: 120_000 },
  );
  await page.click('button[data-action=fit]');
  await page.waitForTimeout(100);
  const nodes = await page.$$eval('.side-pane', (panes) =>
    panes.map((p) => Number((p as HTMLElement).dataset.sceneNodes)).reduce((x, y) => x + y, 0),
  );
  const figures = await measure(page, '.side-pane[data-side=b] .side-pane-host', nodes);
  await page.close();
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { blocks: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '2' } },
  });
  const out = path.join(repoRoot, 'bench/.out/side-by-side');
  fs.mkdirSync(out, { recursive: true });
  const made = spawnSync(debianPython, [path.join(repoRoot, 'bench/make_diff_models.py'), out, values.blocks!], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(made.stderr);
  const [a, b] = ['diff-a.onnx', 'diff-b.onnx'].map((f) => path.join(out, f));
  const served = await servePage();
  const browser = await launchBrowser();
  const rows: { view: string; figures: Figures }[] = [];
  try {
    // Alternating, so both views see the same load on the machine.
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [label, run] of [
        ['graph view (B)', () => graphView(browser, served, b)],
        ['side by side (A | B)', () => sideBySide(browser, served, a, b)],
      ] as const) {
        const figures = await run();
        rows.push({ view: label, figures });
        console.log(JSON.stringify({ view: label, round, ...figures }));
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
  summarize(rows);
}

/** Per view the best round of each figure (the view's own cost on a shared machine), and side by side / graph view. */
function summarize(rows: { view: string; figures: Figures }[]): void {
  const best = (view: string, key: keyof Figures) =>
    Math.min(...rows.filter((r) => r.view === view).map((r) => r.figures[key]));
  const views = [...new Set(rows.map((r) => r.view))];
  const keys: (keyof Figures)[] = ['panTaskMs', 'panMaxFrameMs', 'wheelMaxMs', 'wheelMedianMs', 'wheelLongestTaskMs'];
  console.log(`\nbest of ${rows.length / views.length} rounds (long tasks: 0 = none over 50 ms)`);
  console.log(['view', 'drawn nodes', ...keys].join(' | '));
  for (const view of views) console.log([view, best(view, 'nodes'), ...keys.map((k) => best(view, k))].join(' | '));
  const [single, sides] = views;
  console.log(
    `side by side / graph view: ${keys
      .map(
        (k) =>
          `${k} ${best(single, k) > 0 ? `${(best(sides, k) / best(single, k)).toFixed(2)}x` : `${best(sides, k)} vs 0`}`,
      )
      .join(', ')}`,
  );
  const wheel = best(sides, 'wheelMaxMs');
  console.log(
    `side-by-side wheel step max ${wheel} ms, target <= ${WHEEL_TARGET_MS} ms: ${wheel <= WHEEL_TARGET_MS ? 'meets' : 'MISSES'}`,
  );
}

void main();
