// Where one graph open's time goes, host and page on one clock (epoch ms), for issue 15 item 13: the page asks for the
// graph -> the host has the ask -> the host posts the skeleton (built: skeleton, first view's contents and layouts)
// -> the page's message event -> first paint (data-first-paint-ms: two frames after the DOM update). Each open in a
// fresh browser (as bench/graph-view.ts gives every model); medians over --rounds (default 5).
// Usage: npm run build && MODELREADY_SHARED=/work/shared node --import tsx bench/graph-open-trace.ts [--rounds N] model.onnx ...
import path from 'node:path';
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

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Math.max(1, Number(args[roundsAt + 1])) : 5;
  const models = args.filter((a) => a.endsWith('.onnx'));
  const served = await servePage();
  try {
    for (const file of models) {
      const rows: number[][] = [];
      for (let round = 0; round < rounds; round++) {
        const browser = await launchBrowser();
        try {
          rows.push(await traceOpen(browser, served, file));
        } finally {
          await browser.close();
        }
      }
      const median = (i: number): number => rows.map((r) => r[i]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
      const names = [...STEPS.map((s) => s[0]), 'message -> first paint', 'ask -> first paint (open ms)'];
      console.log(`${path.basename(file)}: ${names.map((n, i) => `${n} ${Math.round(median(i))}`).join(' | ')} ms`);
    }
  } finally {
    await served.close();
  }
}

/** One open: the duration of each step (STEPS), then the view's first paint after the skeleton and its open ms. */
async function traceOpen(browser: Browser, served: Awaited<ReturnType<typeof servePage>>, file: string) {
  // The context carries the viewport: the harness's newPage options go to this stand-in browser's newPage.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addInitScript(PAGE_CLOCK);
  const host: [string, number][] = [];
  const model = readOnnxModel(file);
  const view = await openModel({ newPage: () => context.newPage() } as unknown as Browser, served, file, {
    session: (hooks) => {
      const session = new GraphSession(model, [], {
        ...hooks,
        post: (m) => {
          host.push([`host posts ${m.type}`, now()]);
          return hooks.post(m);
        },
      });
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
  return [...STEPS.map(([, from, to]) => at(to) - at(from)), Number(page.data.firstPaintMs), Number(page.data.openMs)];
}

void main();
