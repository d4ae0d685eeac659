// Runs the built graph view (dist/webview.js) in Debian's headless Chromium, in the very page the extension
// serves (buildGraphViewHtml, strict CSP), with a stand-in acquireVsCodeApi wired to a real GraphSession:
// every message the view posts goes through the host's validator and is answered by our server code.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Finding } from '../../server/contract/findings';
import { buildGraphViewHtml } from '../../server/graph/html';
import { liveViewHtml, type LiveView } from '../../server/webview-page';
import { opDocsFor } from '../../server/graph/op-docs';
import { GraphSession, type GraphSessionHooks } from '../../server/graph/session';
import { readOnnxModel } from '../../server/onnx/reader';
import type { GraphHostMessage } from '../../server/contract/graph-view';
import { repoRoot } from '../support/paths';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const DIST = path.join(repoRoot, 'dist');
const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

/** The page's stand-in for VS Code's webview API; `send` is the page code that hands message `m` to the host. */
function standInApi(send: string): string {
  return `
  const violations = [];
  Object.defineProperty(window, '__cspViolations', { value: violations });
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  // Main-thread tasks over 50 ms, for the pan/zoom benchmark.
  const longTasks = [];
  Object.defineProperty(window, '__longTasks', { value: longTasks });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  // VS Code keeps a webview's state while the webview is recreated; sessionStorage outlives a page reload likewise.
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => ${send},
    getState: () => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('vscodeState', JSON.stringify(s)),
  });
`;
}

export const STAND_IN_API = standInApi('window.__modelreadyHost(JSON.parse(JSON.stringify(m)))');

/**
 * The graph view's: a message leaves as JSON text (as VS Code's postMessage serializes it) over a raw DevTools binding.
 * Playwright's exposeBinding first runs each call through its own protocol and waits for the page to count as
 * initialized, which delayed the view's first `graph/ready` by a cost no webview has.
 */
const GRAPH_BINDING = '__modelreadyGraphHost';
const GRAPH_STAND_IN_API = standInApi(`window.${GRAPH_BINDING}(JSON.stringify(m))`);

export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a webview page and its bundles from dist/ on 127.0.0.1, the way the extension serves them: `page` builds
 * the HTML for the server's origin with a fresh nonce per load.
 */
export async function serveWebviewPage(
  page: (origin: string, nonce: string) => string,
  bundles: string[],
): Promise<ServedPage> {
  for (const f of bundles) {
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`dist/${f} is missing: run npm run build first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bundle = url.pathname.slice(1);
    if (url.pathname === '/')
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(origin, crypto.randomBytes(18).toString('base64')));
    // Chromium asks every http page for a favicon; a webview never does. No content, no console error.
    else if (url.pathname === '/favicon.ico') res.writeHead(204).end();
    else if (bundles.includes(bundle))
      res
        .writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(bundle)] })
        .end(fs.readFileSync(path.join(DIST, bundle)));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The graph view's page and bundles. */
export function servePage(): Promise<ServedPage> {
  return serveWebviewPage(
    (origin, nonce) =>
      buildGraphViewHtml({
        nonce,
        cspSource: origin,
        scriptUri: `${origin}/webview.js`,
        workerUri: `${origin}/webview-worker.js`,
        styleUri: `${origin}/webview.css`,
      }),
    ['webview.js', 'webview-worker.js', 'webview.css'],
  );
}

/** A live view's page (results, engine) and its bundles dist/<view>.js and .css. */
export function serveLiveView(view: LiveView): Promise<ServedPage> {
  return serveWebviewPage(
    (origin, nonce) =>
      liveViewHtml(view, {
        nonce,
        cspSource: origin,
        scriptUri: `${origin}/${view}.js`,
        styleUri: `${origin}/${view}.css`,
      }),
    [`${view}.js`, `${view}.css`],
  );
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing: the graph view's browser tests and benchmarks need Debian's headless Chromium (apt-get install chromium; .ci/run installs it)`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}

/** The host session a test's view talks to: a GraphSession, or another built on one (the diff session). */
export type HostSession = Pick<GraphSession, 'main' | 'receive'> & Partial<Pick<GraphSession, 'prepare'>>;

export interface ViewUnderTest {
  page: Page;
  session: HostSession;
  /** Messages the view posted (after validation). */
  fromView: unknown[];
  /** Messages the host posted. */
  toView: GraphHostMessage[];
  fixes: { nodeName: string; ruleId: string; fixId: string }[];
  exports: { format: 'svg' | 'png'; data: string }[];
  /** Source lines the host opened (`openSource`: the file it resolved, one-based line). */
  openedSources: { file: string; line: number }[];
  post(message: GraphHostMessage): Promise<void>;
  /** What the extension does when the model's findings change: a new GraphSession, the view gets its skeleton. */
  reload(findings: Finding[]): void;
  /** With `holdShapes`: delivers the inferred types held back (their number of messages) and stops holding. */
  releaseShapes(): Promise<number>;
  /**
   * Waits until `condition`, an expression over `d` (#app's dataset), holds; over the raw DevTools session, so no
   * playwright script is injected into the page while it works.
   */
  until(condition: string, timeoutMs?: number): Promise<void>;
  /** Waits until the view has painted a scene newer than the last one seen. */
  settled(): Promise<void>;
  cspViolations(): Promise<string[]>;
  /** Uncaught exceptions and console errors of the page. */
  pageErrors: string[];
  /** Every URL the page requested (page, bundles, worker, blobs). */
  requests: string[];
  /** Host side of opening: reading the model and building the graph model (findings are computed before; shapes are inferred after the skeleton). */
  hostMs: number;
}

export interface OpenOptions {
  findings?: Finding[];
  viewport?: { width: number; height: number };
  /** A node to reveal right behind the first skeleton, as extension/graph-editor.ts does for a `#node=` link. */
  reveal?: string;
  /** Right behind that reveal, the skeleton once more (the model re-analysed, as the graph editor then sends it). */
  skeletonAgain?: boolean;
  /** Another host session than a plain GraphSession of the model's findings (diff mode). */
  session?: (hooks: GraphSessionHooks) => HostSession;
  /** Hold back the host's inferred types (graph/shapes) until `releaseShapes`. */
  holdShapes?: boolean;
  /** The workspace folder node source files are linked under (extension/graph-editor.ts: the model's folder). */
  sourceRoot?: string;
}

/** Page code that resolves once the view is ready, not busy, and has painted a scene other than `previous`. */
function settledExpression(previous: string, timeoutMs: number): string {
  return untilExpression(
    `d.ready === 'true' && d.busy === undefined && d.renderSeq !== ${JSON.stringify(previous)}`,
    timeoutMs,
  );
}

/**
 * Page code that resolves with `data-render-seq` once `condition` (an expression over `d`, #app's dataset) holds,
 * watching #app's attributes, or rejects after `timeoutMs`.
 */
function untilExpression(condition: string, timeoutMs: number): string {
  return `new Promise((resolve, reject) => {
    const app = document.getElementById('app');
    const check = () => {
      const d = app.dataset;
      if (!(${condition})) return false;
      observer.disconnect();
      clearTimeout(timer);
      resolve(d.renderSeq);
      return true;
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out after ${timeoutMs} ms')); }, ${timeoutMs});
    if (!check()) observer.observe(app, { attributes: true });
  })`;
}

/** Opens `modelFile` in a new page of `browser`, hosted by a real GraphSession. */
export async function openModel(
  browser: Browser,
  served: ServedPage,
  modelFile: string,
  options: OpenOptions = {},
): Promise<ViewUnderTest> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  const pageErrors: string[] = [];
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  // Messages go in over a raw DevTools session: page.evaluate's first call in a page injects playwright's utility
  // script (about 1 s on a loaded machine), a cost no webview has, which showed up as the skeleton's delay.
  const cdp = await page.context().newCDPSession(page);
  const hostStarted = performance.now();
  const model = readOnnxModel(modelFile);
  const fromView: unknown[] = [];
  const toView: GraphHostMessage[] = [];
  const fixes: ViewUnderTest['fixes'] = [];
  const exports: ViewUnderTest['exports'] = [];
  const openedSources: ViewUnderTest['openedSources'] = [];
  let chain = Promise.resolve();
  let revealPending = options.reveal;
  let heldShapes: GraphHostMessage[] | undefined = options.holdShapes ? [] : undefined;
  const post = (message: GraphHostMessage): Promise<void> => {
    if (message.type === 'graph/shapes' && heldShapes) {
      heldShapes.push(message);
      return chain;
    }
    toView.push(message);
    // Delivered in order and as JSON text, as VS Code's webview.postMessage does.
    const expression = `window.postMessage(JSON.parse(${JSON.stringify(JSON.stringify(message))}), '*')`;
    chain = chain
      .then(() => cdp.send('Runtime.evaluate', { expression }))
      .then(
        () => undefined,
        () => undefined,
      );
    if (message.type === 'graph/skeleton' && revealPending !== undefined) {
      const nodeName = revealPending;
      revealPending = undefined;
      void post({ type: 'graph/reveal', nodeName });
      return options.skeletonAgain ? post(message) : chain;
    }
    return chain;
  };
  const hooks: GraphSessionHooks = {
    post: (m) => post(m), // settles once the page has the message, as VS Code's postMessage thenable
    docs: (op, domain) => opDocsFor(model, op, domain), // as extension/graph-editor.ts answers
    applyFix: (fix) => fixes.push(fix),
    exportFile: (format, data) => exports.push({ format, data }),
    openSource: (file, line) => openedSources.push({ file, line }),
  };
  const newSession = (findings: Finding[]): HostSession =>
    options.session?.(hooks) ?? new GraphSession(model, findings, hooks, { sourceRoot: options.sourceRoot });
  let session = newSession(options.findings ?? []);
  const hostMs = performance.now() - hostStarted;
  // As extension/graph-editor.ts, whose webview loads while the model is read: the first skeleton message is made
  // while the page loads (a turn later, so the page's load is started first); an ask that comes before it waits.
  setTimeout(() => session.prepare?.(), 0);
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== GRAPH_BINDING) return;
    try {
      const message: unknown = JSON.parse(event.payload);
      fromView.push(message);
      session.receive(message);
    } catch (error) {
      pageErrors.push(`host: ${(error as Error).stack ?? String(error)}`);
    }
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: GRAPH_BINDING });
  await page.addInitScript(GRAPH_STAND_IN_API);
  await page.goto(served.url);
  let seen = '';
  // Waited for over the same raw session (not page.waitForFunction, whose utility script would be injected while
  // the view opens and hold up the skeleton's delivery).
  const until = async (expression: string, what: string): Promise<string> => {
    const reply = (await cdp.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: string }; exceptionDetails?: { exception?: { description?: string } } };
    if (reply.exceptionDetails)
      throw new Error(
        `${path.basename(modelFile)}: ${what} (${reply.exceptionDetails.exception?.description ?? 'no reason'}); page errors: ${pageErrors.join(' | ') || 'none'}`,
      );
    return reply.result.value ?? '';
  };
  const settled = async (): Promise<void> => {
    seen = await until(settledExpression(seen, 60_000), 'the view did not settle');
  };
  await settled();
  return {
    page,
    fromView,
    toView,
    fixes,
    exports,
    openedSources,
    post,
    settled,
    until: async (condition, timeoutMs = 60_000) => {
      await until(untilExpression(condition, timeoutMs), `never ${condition}`);
    },
    pageErrors,
    requests,
    hostMs,
    get session() {
      return session;
    },
    releaseShapes: async () => {
      const held = heldShapes ?? [];
      heldShapes = undefined;
      for (const m of held) await post(m);
      return held.length;
    },
    reload: (findings) => {
      session = newSession(findings);
      session.receive({ type: 'graph/ready' });
    },
    cspViolations: () =>
      page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.slice()),
  };
}
