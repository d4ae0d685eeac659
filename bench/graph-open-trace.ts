// Where one graph open's time goes, host and page on one clock (epoch ms), for issue 15 item 13: the page asks for the
// graph -> the host has the ask -> the host posts the skeleton (built: skeleton, first view's contents and layouts)
// -> the page's message event -> first paint (data-first-paint-ms: two frames after the DOM update). The host part
// before it (what bench/graph-view.ts counts as "host ms": read the model, build the view model) is split into its
// read and build, with the bench process's CPU time and garbage collection inside it: a host part much longer than
// its CPU time waited for a core, one with GC in it paid for an earlier model's garbage. With --expanded, the view
// then prepares Expand all (prefetch) and the click -> paint is timed too (data-last-render-ms, its load and layout).
// By default each open in a fresh browser; --like-bench opens the rounds of a model in pages of one browser started
// for the model, as bench/graph-view.ts does. Medians over --rounds (default 5), every round printed with --each.
// Usage: npm run build && MODELREADY_SHARED=/work/shared node --import tsx bench/graph-open-trace.ts [--rounds N] [--expanded] [--like-bench] [--each] model.onnx ...
import path from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { GraphSession } from '../server/graph/session';
import { readOnnxModel } from '../server/onnx/reader';
import { launchBrowser, openModel, servePage } from '../test/webview/harness';

const now = (): number => performance.timeOrigin + performance.now();

/** Page side: when the view asks (its first post) and when each host message's event fires, on the epoch clock. */
const PAGE_CLOCK = `(() => {
  const marks = [];
  Object.defineProperty(window, '__openTrace', { value: marks });
  const at = (what) => marks.push([what, performance.timeOrigin + performance.now()]);
  let api;
  Object.defineProperty(window, 'acquireVsCodeApi', {
    configurable: true,
    set(make) {
      api = () => {
        const vscode = make();
        const post = vscode.postMessage;
        vscode.postMessage = (m) => { at('page asks ' + m.type); post(m); };
        return vscode;
      };
    },
    get() { return api; },
  });
  window.addEventListener('message', (e) => at('page gets ' + e.data.type), true);
})();`;

const STEPS: [string, string, string][] = [
  ['ask -> host', 'page asks graph/ready', 'host gets graph/ready'],
  ['host builds', 'host gets graph/ready', 'host posts graph/skeleton'],
  ['post -> page', 'host posts graph/skeleton', 'page gets graph/skeleton'],
];
const HOST = ['host: read', 'build', 'cpu', 'gc'];
const VIEW = ['message -> first paint', 'ask -> first paint (open ms)'];
/** With the host part and the open before it, what bench/graph-view.ts compares with Netron ("open expanded"). */
const EXPANDED = ['expand all -> paint', 'load', 'layout', 'host + open + expand'];

/** Garbage collections of this process (start and duration, ms on performance.now's clock). */
const collections: PerformanceEntry[] = [];
new PerformanceObserver((list) => collections.push(...list.getEntries())).observe({ entryTypes: ['gc'] });

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Math.max(1, Number(args[roundsAt + 1])) : 5;
  const expanded = args.includes('--expanded');
  const likeBench = args.includes('--like-bench');
  const models = args.filter((a) => a.endsWith('.onnx'));
  const served = await servePage();
  const names = [...HOST, ...STEPS.map((s) => s[0]), ...VIEW, ...(expanded ? EXPANDED : [])];
  try {
    for (const file of models) {
      const rows: number[][] = [];
      let shared = likeBench ? await launchBrowser() : undefined;
      for (let round = 0; round < rounds; round++) {
        const browser = shared ?? (await launchBrowser());
        try {
          rows.push(await traceOpen(browser, served, file, expanded));
        } finally {
          if (!shared) await browser.close();
        }
        if (args.includes('--each'))
          console.log(`  round ${round + 1}: ${names.map((n, i) => `${n} ${Math.round(rows[round][i])}`).join(' | ')}`);
      }
      await shared?.close();
      shared = undefined;
      const median = (i: number): number => rows.map((r) => r[i]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
      console.log(`${path.basename(file)}: ${names.map((n, i) => `${n} ${Math.round(median(i))}`).join(' | ')} ms`);
    }
  } finally {
    await served.close();
  }
}

/** One open: the host part (HOST), the duration of each step (STEPS), the view's (VIEW), then Expand all's (EXPANDED). */
async function traceOpen(
  browser: Browser,
  served: Awaited<ReturnType<typeof servePage>>,
  file: string,
  expanded: boolean,
): Promise<number[]> {
  // The context carries the viewport: the harness's newPage options go to this stand-in browser's newPage.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addInitScript(PAGE_CLOCK);
  const host: [string, number][] = [];
  const part: number[] = [];
  const view = await openModel({ newPage: () => context.newPage() } as unknown as Browser, served, file, {
    session: (hooks) => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const model = readOnnxModel(file);
      const read = performance.now();
      const session = new GraphSession(model, [], {
        ...hooks,
        post: (m) => {
          host.push([`host posts ${m.type}`, now()]);
          return hooks.post(m);
        },
      });
      const built = performance.now();
      const used = process.cpuUsage(cpu);
      const gc = collections
        .filter((c) => c.startTime >= started && c.startTime < built)
        .reduce((sum, c) => sum + c.duration, 0);
      part.push(read - started, built - read, (used.user + used.system) / 1000, gc);
      const receive = session.receive.bind(session);
      session.receive = (m: unknown) => {
        host.push([`host gets ${(m as { type: string }).type}`, now()]);
        receive(m);
      };
      return session;
    },
  });
  const page = await view.page.evaluate(() => ({
    marks: (window as unknown as { __openTrace: [string, number][] }).__openTrace,
    data: { ...document.getElementById('app')!.dataset },
  }));
  const marks = [...host, ...page.marks];
  const at = (what: string): number => marks.find((m) => m[0] === what)?.[1] ?? NaN;
  const row = [
    ...part,
    ...STEPS.map(([, from, to]) => at(to) - at(from)),
    Number(page.data.firstPaintMs),
    Number(page.data.openMs),
  ];
  if (expanded) {
    // As bench/graph-view.ts: the types and the prefetch first, so the click's own cost is timed.
    await view.until("d.prefetched === 'layouts' && d.shapesMs !== undefined", 300_000);
    await view.page.click('button[data-action=expand-all]');
    await view.settled();
    const d = await view.page.evaluate(() => ({ ...document.getElementById('app')!.dataset }));
    const expandMs = Number(d.lastRenderMs);
    row.push(expandMs, Number(d.loadMs), Number(d.layoutMs), part[0] + part[1] + Number(page.data.openMs) + expandMs);
  }
  await context.close();
  return row;
}

void main();
