// The engine view (dist/engine.js) in a headless Chromium page, in the page the extension serves (strict CSP), hosted by
// a real EngineSession: every message the view posts goes through the host's validator. Messages to the view go over
// a raw DevTools session, in order and as JSON text as VS Code's webview.postMessage does (page.evaluate would inject
// playwright's utility script on first use, a cost no webview has, and the first-paint benchmark would count it).
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { EngineReport } from '../../server/contract/engine';
import type { EngineHostMessage } from '../../server/contract/engine-view';
import { EngineSession } from '../../server/engine/engine-session';
import { STAND_IN_API, type ServedPage } from '../webview/harness';

export interface EngineViewUnderTest {
  page: Page;
  session: EngineSession;
  /** What "Reveal in ONNX graph" handed to the host. */
  revealed: { nodes: string[]; layer: string }[];
  /** Messages the host refused. */
  invalid: string[];
  toView: EngineHostMessage[];
  pageErrors: string[];
  /** The view's first paint (data-first-paint-ms: report received -> drawn; data-open-ms: asked for it -> drawn). */
  painted(): Promise<{ firstPaintMs: number; openMs: number }>;
  /** Evaluates page code over the raw DevTools session. */
  evaluate<T>(expression: string): Promise<T>;
}

async function evaluateOver<T>(cdp: CDPSession, expression: string): Promise<T> {
  const reply = (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
    result: { value?: T };
    exceptionDetails?: { exception?: { description?: string } };
  };
  if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? 'page code failed');
  return reply.result.value as T;
}

/** The first paint as the view reports it on #engine, waited for on the element's attributes (no polling). */
const PAINTED = `new Promise((resolve, reject) => {
  const root = document.getElementById('engine');
  const check = () => {
    if (root.dataset.firstPaintMs === undefined) return false;
    observer.disconnect();
    clearTimeout(timer);
    resolve({ firstPaintMs: Number(root.dataset.firstPaintMs), openMs: Number(root.dataset.openMs), layout: root.dataset.layoutMs, received: root.dataset.receivedMs });
    return true;
  };
  const observer = new MutationObserver(check);
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no first paint after 60 s')); }, 60000);
  if (!check()) observer.observe(root, { attributes: true });
})`;

export async function openEngineView(
  browser: Browser,
  served: ServedPage,
  title: string,
  report: EngineReport,
  viewport = { width: 1300, height: 900 },
): Promise<EngineViewUnderTest> {
  const page = await browser.newPage({ viewport });
  const cdp = await page.context().newCDPSession(page);
  const seen = {
    revealed: [] as EngineViewUnderTest['revealed'],
    invalid: [] as string[],
    toView: [] as EngineHostMessage[],
    pageErrors: [] as string[],
  };
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && seen.pageErrors.push(m.text()));
  let chain = Promise.resolve();
  const session = new EngineSession(title, report, {
    post: (m) => {
      seen.toView.push(m);
      const expression = `window.postMessage(JSON.parse(${JSON.stringify(JSON.stringify(m))}), '*')`;
      chain = chain.then(() => evaluateOver<void>(cdp, expression)).catch(() => undefined);
    },
    revealInOnnx: (nodes, layer) => seen.revealed.push({ nodes, layer }),
    onInvalid: (e) => seen.invalid.push(e),
  });
  await page.exposeBinding('__modelreadyHost', (_source, message: unknown) => session.receive(message));
  await page.addInitScript(STAND_IN_API);
  await page.goto(served.url);
  return {
    page,
    session,
    ...seen,
    painted: () => evaluateOver(cdp, PAINTED),
    evaluate: (expression) => evaluateOver(cdp, expression),
  };
}
